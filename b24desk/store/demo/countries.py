"""The demo office's countries: company names, people, streets, cities, tax ids.

Pure data (one table per country); :mod:`b24desk.store.demo.clients` draws from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

#: Fixed conversion from USD for currencies the price list does not carry.
USD_RATES: dict[str, Decimal] = {
    "AUD": Decimal("1.52"),
    "NZD": Decimal("1.65"),
    "EUR": Decimal("0.92"),
    "RUB": Decimal("92"),
    "MXN": Decimal("18"),
    "BRL": Decimal("5.4"),
    "COP": Decimal("4000"),
    "KZT": Decimal("470"),
}



@dataclass(frozen=True)
class Country:
    code: str
    weight: int
    currency: str
    languages: tuple[str, ...]  # the client's document language is drawn from these
    coupon_currency: str  # the vendor store the office buys this country's coupons in
    name_pattern: str  # {a} {b} {s}: two words and the legal form
    words_a: tuple[str, ...]
    words_b: tuple[str, ...]
    legal: tuple[str, ...]
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    female_first_names: tuple[str, ...]  # Russian-style surnames take "а" for women
    streets: tuple[str, ...]
    cities: tuple[tuple[str, str, str, str], ...]  # name, postcode, region, phone pattern
    address_pattern: str
    tax_pattern: str  # "#" a digit, "A" a capital letter, "Y" a yymmdd date
    email_tld: str
    portal_tlds: tuple[str, ...]  # bitrix24.<tld> of the country's cloud


# fmt: off
EN_TRADES = (
    "Dental", "Logistics", "Builders", "Accounting", "Legal", "Realty", "Engineering", "Plumbing",
    "Marketing", "Consulting", "Motors", "Foods", "Health", "Freight", "Electrical", "Architects",
    "Tourism", "Print", "Solutions", "Veterinary",
)
ES_TRADES = (
    "Construcciones", "Distribuciones", "Asesoría", "Clínica Dental", "Transportes",
    "Inmobiliaria", "Consultoría", "Ingeniería", "Servicios", "Gestoría", "Talleres",
    "Alimentación", "Reformas", "Viajes", "Comercializadora", "Logística",
)
RU_TRADES = (
    "Логистик", "Трейд", "Строй", "Сервис", "Консалт", "Медиа", "Групп", "Софт", "Агро", "Мед",
    "Тех", "Инвест", "Проект", "Маркет",
)

COUNTRIES: tuple[Country, ...] = (
    Country(
        code="NZ", weight=32, currency="NZD", coupon_currency="USD",
        languages=("en",),
        name_pattern="{a} {b} {s}",
        words_a=(
            "Kauri", "Harbour", "Tui", "Pohutukawa", "Waitemata", "Tasman", "Rangitoto",
            "Ponsonby", "Manuka", "Kowhai", "Aotea", "Matariki", "Southern Alps", "Rimu",
            "Karaka", "Takapuna", "Onehunga", "Coromandel", "Hauraki", "Totara",
        ),
        words_b=EN_TRADES,
        legal=("Ltd", "Ltd", "Limited"),
        first_names=(
            "Aroha", "Liam", "Olivia", "Nikau", "Charlotte", "Wiremu", "Sophie", "James", "Hana",
            "Jack", "Isla", "Tama", "Ruby", "Oliver", "Mia",
        ),
        last_names=(
            "Ngata", "Smith", "Williams", "Wilson", "Brown", "Taylor", "Parata", "Walker",
            "Thompson", "Tipene", "Anderson", "Clarke", "Harris", "Kingi", "Robinson",
        ),
        female_first_names=(),
        streets=(
            "Queen Street", "Ponsonby Road", "Karangahape Road", "Dominion Road", "Lambton Quay",
            "Cuba Street", "Colombo Street", "George Street", "Victoria Street",
            "Great North Road",
        ),
        cities=(
            ("Auckland", "1010", "", "+64 9 ### ####"),
            ("Wellington", "6011", "", "+64 4 ### ####"),
            ("Christchurch", "8011", "", "+64 3 ### ####"),
            ("Hamilton", "3204", "", "+64 7 ### ####"),
            ("Tauranga", "3110", "", "+64 7 ### ####"),
            ("Dunedin", "9016", "", "+64 3 ### ####"),
            ("Napier", "4110", "", "+64 6 ### ####"),
            ("Nelson", "7010", "", "+64 3 ### ####"),
        ),
        address_pattern="{n} {street}, {city} {postcode}",
        tax_pattern="###-###-###", email_tld="co.nz",
        portal_tlds=("com",),
    ),
    Country(
        code="ES", weight=14, currency="EUR", coupon_currency="EUR",
        languages=("es",),
        name_pattern="{b} {a} {s}",
        words_a=(
            "Ibérica", "Mediterránea", "Levante", "Cantábrica", "Alhambra", "Guadalquivir",
            "Montserrat", "Atlántica", "Castellana", "Galaica", "del Tajo", "Sierra Nevada",
            "Costa Brava", "Aragonesa",
        ),
        words_b=ES_TRADES,
        legal=("S.L.", "S.L.", "S.A."),
        first_names=(
            "Lucía", "Javier", "María", "Carlos", "Elena", "Pablo", "Carmen", "Sergio", "Laura",
            "Alejandro", "Marta", "David",
        ),
        last_names=(
            "García", "Martínez", "López", "Sánchez", "Fernández", "Gómez", "Ruiz", "Díaz",
            "Moreno", "Navarro", "Romero", "Torres",
        ),
        female_first_names=(),
        streets=(
            "Calle Mayor", "Gran Vía", "Calle de Alcalá", "Avenida Diagonal", "Calle Serrano",
            "Paseo de Gracia", "Calle Colón", "Avenida de la Constitución",
        ),
        cities=(
            ("Madrid", "28013", "", "+34 91 ### ## ##"),
            ("Barcelona", "08002", "", "+34 93 ### ## ##"),
            ("Valencia", "46002", "", "+34 96 ### ## ##"),
            ("Sevilla", "41004", "", "+34 95 ### ## ##"),
            ("Bilbao", "48001", "", "+34 94 ### ## ##"),
            ("Málaga", "29015", "", "+34 95 ### ## ##"),
        ),
        address_pattern="{street} {n}, {postcode} {city}",
        tax_pattern="B########", email_tld="es",
        portal_tlds=("es", "es", "eu"),
    ),
    Country(
        code="MX", weight=11, currency="MXN", coupon_currency="USD",
        languages=("es",),
        name_pattern="{b} {a} {s}",
        words_a=(
            "Azteca", "del Bajío", "Maya", "Sierra Madre", "del Pacífico", "Anáhuac",
            "Regiomontana", "Jalisciense", "Tulum", "Oaxaqueña", "del Caribe", "Chapultepec",
            "del Norte", "Queretana",
        ),
        words_b=(
            "Comercializadora", "Distribuidora", "Servicios", "Constructora", "Grupo",
            "Consultores", "Transportes", "Inmobiliaria", "Farmacéutica", "Tecnologías",
            "Logística", "Alimentos",
        ),
        legal=("S.A. de C.V.", "S.A. de C.V.", "S. de R.L. de C.V."),
        first_names=(
            "Guadalupe", "José", "Alejandra", "Luis", "Fernanda", "Miguel", "Ximena",
            "Juan Carlos", "Daniela", "Ricardo", "Sofía", "Arturo",
        ),
        last_names=(
            "Hernández", "González", "Ramírez", "Flores", "Cruz", "Morales", "Reyes", "Jiménez",
            "Vargas", "Castillo", "Ortiz", "Mendoza",
        ),
        female_first_names=(),
        streets=(
            "Av. Paseo de la Reforma", "Av. Insurgentes Sur", "Calle Madero", "Av. Juárez",
            "Av. Chapultepec", "Av. Vallarta",
        ),
        cities=(
            ("Ciudad de México", "06600", "CDMX", "+52 55 #### ####"),
            ("Guadalajara", "44100", "Jal.", "+52 33 #### ####"),
            ("Monterrey", "64000", "N.L.", "+52 81 #### ####"),
            ("Puebla", "72000", "Pue.", "+52 222 ### ####"),
            ("Querétaro", "76000", "Qro.", "+52 442 ### ####"),
            ("Mérida", "97000", "Yuc.", "+52 999 ### ####"),
        ),
        address_pattern="{street} {n}, Col. Centro, {postcode} {city}, {region}",
        tax_pattern="AAAYA#A", email_tld="com.mx",
        portal_tlds=("mx",),
    ),
    Country(
        code="RU", weight=11, currency="RUB", coupon_currency="RUB",
        languages=("ru",),
        name_pattern="{s} «{a} {b}»",
        words_a=(
            "Волга", "Сибирь", "Байкал", "Урал", "Нева", "Альфа", "Вектор", "Гранит", "Орион",
            "Меридиан", "Север", "Восток", "Зенит", "Кедр", "Ладога", "Амур",
        ),
        words_b=RU_TRADES,
        legal=("ООО",),
        first_names=(
            "Алексей", "Дмитрий", "Сергей", "Андрей", "Игорь", "Михаил", "Павел", "Николай",
        ),
        last_names=(
            "Иванов", "Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Козлов", "Новиков",
            "Морозов", "Волков",
        ),
        female_first_names=(
            "Анна", "Елена", "Ольга", "Мария", "Татьяна", "Наталья", "Ирина", "Екатерина",
        ),
        streets=(
            "ул. Тверская", "ул. Ленина", "Невский пр.", "ул. Пушкина", "ул. Гагарина",
            "пр. Мира",
        ),
        cities=(
            ("Москва", "125009", "", "+7 495 ###-##-##"),
            ("Санкт-Петербург", "191186", "", "+7 812 ###-##-##"),
            ("Новосибирск", "630099", "", "+7 383 ###-##-##"),
            ("Екатеринбург", "620014", "", "+7 343 ###-##-##"),
            ("Казань", "420111", "", "+7 843 ###-##-##"),
            ("Нижний Новгород", "603005", "", "+7 831 ###-##-##"),
        ),
        address_pattern="{postcode}, г. {city}, {street}, д. {n}",
        tax_pattern="77########", email_tld="ru",
        portal_tlds=("ru",),
    ),
    Country(
        code="US", weight=8, currency="USD", coupon_currency="USD",
        languages=("en",),
        name_pattern="{a} {b} {s}",
        words_a=(
            "Liberty", "Summit", "Bluewater", "Redwood", "Lakeshore", "Keystone", "Prairie",
            "Granite", "Evergreen", "Pioneer", "Silverline", "Hudson", "Cascade", "Northstar",
            "Magnolia", "Ironwood",
        ),
        words_b=EN_TRADES,
        legal=("LLC", "LLC", "Inc."),
        first_names=(
            "Emily", "Michael", "Jessica", "Daniel", "Ashley", "Christopher", "Sarah", "Matthew",
            "Megan", "Ryan",
        ),
        last_names=(
            "Johnson", "Miller", "Davis", "Garcia", "Rodriguez", "Martinez", "Anderson",
            "Jackson", "White", "Lee",
        ),
        female_first_names=(),
        streets=(
            "Main Street", "Market Street", "Oak Avenue", "Broadway", "Elm Street", "Park Avenue",
        ),
        cities=(
            ("Austin", "78701", "TX", "+1 512 555 01##"),
            ("Denver", "80202", "CO", "+1 303 555 01##"),
            ("Seattle", "98101", "WA", "+1 206 555 01##"),
            ("Boston", "02108", "MA", "+1 617 555 01##"),
            ("Miami", "33131", "FL", "+1 305 555 01##"),
            ("Chicago", "60601", "IL", "+1 312 555 01##"),
        ),
        address_pattern="{n} {street}, {city}, {region} {postcode}",
        tax_pattern="##-#######", email_tld="com",
        portal_tlds=("com",),
    ),
    Country(
        code="AU", weight=6, currency="AUD", coupon_currency="USD",
        languages=("en",),
        name_pattern="{a} {b} {s}",
        words_a=(
            "Banksia", "Coral Sea", "Outback", "Harbourside", "Wattle", "Jacaranda", "Kookaburra",
            "Eucalypt", "Bondi", "Yarra", "Ironbark", "Brolga",
        ),
        words_b=EN_TRADES,
        legal=("Pty Ltd",),
        first_names=("Chloe", "Lachlan", "Matilda", "Cooper", "Zoe", "Harrison", "Grace", "Riley"),
        last_names=(
            "Nguyen", "Kelly", "Murphy", "Campbell", "Ryan", "Mitchell", "Hughes", "Bennett",
        ),
        female_first_names=(),
        streets=(
            "George Street", "Collins Street", "Queen Street", "Hay Street", "Elizabeth Street",
            "King William Street",
        ),
        cities=(
            ("Sydney", "2000", "NSW", "+61 2 #### ####"),
            ("Melbourne", "3000", "VIC", "+61 3 #### ####"),
            ("Brisbane", "4000", "QLD", "+61 7 #### ####"),
            ("Perth", "6000", "WA", "+61 8 #### ####"),
        ),
        address_pattern="{n} {street}, {city} {region} {postcode}",
        tax_pattern="## ### ### ###", email_tld="com.au",
        portal_tlds=("com",),
    ),
    Country(
        code="BR", weight=5, currency="BRL", coupon_currency="USD",
        languages=("es", "en"),
        name_pattern="{b} {a} {s}",
        words_a=(
            "Paulista", "Carioca", "Amazônia", "Atlântico", "Cerrado", "Pampa", "Serra Azul",
            "Ipanema", "Paraná", "Bahia", "Tropical", "Cruzeiro",
        ),
        words_b=(
            "Comércio", "Distribuidora", "Construtora", "Transportes", "Consultoria",
            "Tecnologia", "Alimentos", "Engenharia", "Imobiliária", "Serviços", "Logística",
            "Clínica",
        ),
        legal=("Ltda.", "Ltda.", "S.A."),
        first_names=("Ana", "João", "Mariana", "Pedro", "Beatriz", "Lucas", "Camila", "Rafael"),
        last_names=(
            "Silva", "Santos", "Oliveira", "Souza", "Pereira", "Costa", "Almeida", "Ferreira",
        ),
        female_first_names=(),
        streets=("Av. Paulista", "Rua Augusta", "Av. Atlântica", "Rua das Flores", "Av. Brasil"),
        cities=(
            ("São Paulo", "01310-100", "SP", "+55 11 ####-####"),
            ("Rio de Janeiro", "20040-002", "RJ", "+55 21 ####-####"),
            ("Belo Horizonte", "30130-000", "MG", "+55 31 ####-####"),
            ("Curitiba", "80010-000", "PR", "+55 41 ####-####"),
            ("Porto Alegre", "90010-000", "RS", "+55 51 ####-####"),
        ),
        address_pattern="{street}, {n} - Centro, {city} - {region}, {postcode}",
        tax_pattern="##.###.###/0001-##", email_tld="com.br",
        portal_tlds=("com.br",),
    ),
    Country(
        code="CO", weight=5, currency="COP", coupon_currency="USD",
        languages=("es",),
        name_pattern="{b} {a} {s}",
        words_a=(
            "Andina", "del Caribe", "Cafetera", "Antioqueña", "del Magdalena", "del Valle",
            "Santandereana", "Bogotana", "Llanera", "del Pacífico", "del Cauca", "Paisa",
        ),
        words_b=ES_TRADES,
        legal=("S.A.S.", "S.A.S.", "Ltda."),
        first_names=(
            "Valentina", "Santiago", "Camila", "Andrés", "Daniela", "Felipe", "Juliana",
            "Sebastián",
        ),
        last_names=(
            "Rodríguez", "Gómez", "Martínez", "Restrepo", "Castaño", "Ospina", "Cárdenas",
            "Vargas",
        ),
        female_first_names=(),
        streets=("Carrera 7", "Calle 93", "Avenida 19", "Carrera 43A", "Calle 10", "Carrera 15"),
        cities=(
            ("Bogotá", "110111", "", "+57 601 ### ####"),
            ("Medellín", "050001", "", "+57 604 ### ####"),
            ("Cali", "760001", "", "+57 602 ### ####"),
            ("Barranquilla", "080001", "", "+57 605 ### ####"),
            ("Bucaramanga", "680001", "", "+57 607 ### ####"),
        ),
        address_pattern="{street} # {n}-{m}, {city}",
        tax_pattern="900.###.###-#", email_tld="com.co",
        portal_tlds=("co",),
    ),
    Country(
        code="DE", weight=5, currency="EUR", coupon_currency="EUR",
        languages=("en",),
        name_pattern="{a} {b} {s}",
        words_a=(
            "Nordlicht", "Rheinland", "Alpen", "Hansa", "Elbtal", "Schwarzwald", "Isar", "Spree",
            "Taunus", "Eifel", "Weser", "Bodensee",
        ),
        words_b=(
            "Logistik", "Bau", "Technik", "Beratung", "Medien", "Systeme", "Handel", "Immobilien",
            "Software", "Energie", "Druck", "Maschinenbau",
        ),
        legal=("GmbH", "GmbH", "AG"),
        first_names=("Lukas", "Anna", "Jonas", "Lea", "Felix", "Laura", "Maximilian", "Sophie"),
        last_names=(
            "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
        ),
        female_first_names=(),
        streets=(
            "Hauptstraße", "Bahnhofstraße", "Schillerstraße", "Goethestraße", "Lindenallee",
            "Marktplatz",
        ),
        cities=(
            ("Berlin", "10115", "", "+49 30 #######"),
            ("München", "80331", "", "+49 89 #######"),
            ("Hamburg", "20095", "", "+49 40 #######"),
            ("Köln", "50667", "", "+49 221 #######"),
            ("Frankfurt am Main", "60311", "", "+49 69 #######"),
            ("Stuttgart", "70173", "", "+49 711 #######"),
        ),
        address_pattern="{street} {n}, {postcode} {city}",
        tax_pattern="DE#########", email_tld="de",
        portal_tlds=("de", "de", "eu"),
    ),
    Country(
        code="KZ", weight=3, currency="RUB", coupon_currency="RUB",
        languages=("ru",),
        name_pattern="{s} «{a} {b}»",
        words_a=(
            "Алатау", "Жетысу", "Тенгри", "Кокше", "Сарыарка", "Есиль", "Каспий", "Тулпар",
            "Кайнар", "Арман", "Самал", "Достар",
        ),
        words_b=RU_TRADES,
        legal=("ТОО",),
        first_names=("Нурлан", "Ерлан", "Асхат", "Данияр", "Тимур", "Арман"),
        last_names=("Абенов", "Сеитов", "Жумабаев", "Касымов", "Нурланов", "Ахметов"),
        female_first_names=("Айгерим", "Динара", "Асель", "Гульнара", "Жанна", "Мадина"),
        streets=("пр. Абая", "ул. Кунаева", "пр. Достык", "ул. Сатпаева"),
        cities=(
            ("Алматы", "050000", "", "+7 727 ### ## ##"),
            ("Астана", "010000", "", "+7 7172 ## ## ##"),
            ("Шымкент", "160000", "", "+7 7252 ## ## ##"),
            ("Караганда", "100000", "", "+7 7212 ## ## ##"),
        ),
        address_pattern="{postcode}, г. {city}, {street}, д. {n}",
        tax_pattern="############", email_tld="kz",
        portal_tlds=("kz",),
    ),
)

TRANSLIT = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    [
        "a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r",
        "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "yu", "ya",
    ],
    strict=True,
))
# fmt: on
