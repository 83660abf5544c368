"""The demo office's support tickets: subjects, descriptions and thread messages
in English, Spanish and Russian.  Pure data; :mod:`b24desk.store.demo.tickets` draws
from it.
"""

from __future__ import annotations

#: (subject, description, high urgency, product-related) per language, same order.
SUBJECTS: dict[str, tuple[tuple[str, str, bool, bool], ...]] = {
    "en": (
        (
            "Portal does not open: error 502",
            "Since this morning nobody in our team can open {portal}: the browser shows "
            "error 502. We cannot work at all.",
            True,
            True,
        ),
        (
            "CRM import from Excel stops halfway",
            "We are importing about 2,000 contacts from an .xlsx file (CRM → Contacts → "
            "Import). The import stops at 40 % with “Invalid file format”.",
            False,
            True,
        ),
        (
            "Incoming calls are not routed to the sales queue",
            "Since we connected our SIP number, incoming calls ring only on the "
            "administrator's phone instead of the sales queue.",
            False,
            True,
        ),
        (
            "Mail sync with Gmail stopped",
            "Our mailboxes connected to Bitrix24 Mail have not received new messages since "
            "yesterday. Reconnecting the mailbox did not help.",
            False,
            True,
        ),
        (
            "Business process stuck at the approval step",
            "The purchase approval process stays on “Approval by manager” even after the "
            "manager approves. Steps: create a request, approve it from the task, the status "
            "does not change.",
            False,
            True,
        ),
        (
            "Mobile app shows no push notifications",
            "Several users on Android do not receive push notifications from the Bitrix24 "
            "app. Notifications are enabled in the phone settings.",
            False,
            True,
        ),
        (
            "Sales staff can see all deals",
            "The sales department should see only their own deals, but after we changed the "
            "access permissions they still see everyone's deals.",
            False,
            True,
        ),
        (
            "Storage is full, uploads fail",
            "Drive says the storage is full and nobody can upload files. What takes the space "
            "and how can we add storage?",
            False,
            True,
        ),
        (
            "Deleted deals must be recovered",
            "An employee deleted about 150 deals by mistake yesterday. We need them back "
            "urgently: can they be restored from the recycle bin or a backup?",
            True,
            True,
        ),
        (
            "WhatsApp messages do not reach Open Channels",
            "Messages sent to our WhatsApp number no longer appear in Open Channels. The "
            "connector shows as active.",
            False,
            True,
        ),
        (
            "Invoice template shows the wrong currency",
            "Invoices created from deals show USD instead of our currency, although the deal "
            "itself is in the right currency.",
            False,
            True,
        ),
        (
            "Outlook calendar sync creates duplicates",
            "Every event synchronised from Outlook appears twice in the Bitrix24 calendar.",
            False,
            True,
        ),
        (
            "Employee locked out by two-factor authentication",
            "One of our employees lost her phone and cannot log in because of two-factor "
            "authentication. How can the administrator reset it?",
            False,
            True,
        ),
        (
            "Webhook returns error 403",
            "Our website sends leads to Bitrix24 through an inbound webhook. Since Monday "
            "every request returns 403 Forbidden.",
            False,
            True,
        ),
        (
            "Desktop app does not sync Drive folders",
            "The Bitrix24 desktop app stopped synchronising the shared Drive folders on two "
            "Windows computers.",
            False,
            True,
        ),
        (
            "Question about our last invoice",
            "Could you send us a copy of the last invoice with our new company address?",
            False,
            False,
        ),
        (
            "Change of billing contact",
            "Please send future invoices and renewal reminders to our accounts department.",
            False,
            False,
        ),
        (
            "Request for a training session",
            "We would like a two-hour online CRM training for five new sales staff. Which "
            "dates do you have available?",
            False,
            False,
        ),
    ),
    "es": (
        (
            "El portal no abre: error 502",
            "Desde esta mañana nadie del equipo puede abrir {portal}: el navegador muestra "
            "el error 502. No podemos trabajar.",
            True,
            True,
        ),
        (
            "La importación de Excel al CRM se detiene",
            "Estamos importando unos 2.000 contactos desde un archivo .xlsx (CRM → Contactos "
            "→ Importar). La importación se detiene al 40 % con el mensaje «Formato de "
            "archivo no válido».",
            False,
            True,
        ),
        (
            "Las llamadas entrantes no llegan a la cola de ventas",
            "Desde que conectamos nuestro número SIP, las llamadas entrantes solo suenan en "
            "el teléfono del administrador y no en la cola de ventas.",
            False,
            True,
        ),
        (
            "Se detuvo la sincronización del correo con Gmail",
            "Los buzones conectados a Bitrix24 Mail no reciben mensajes nuevos desde ayer. "
            "Volver a conectar el buzón no ayudó.",
            False,
            True,
        ),
        (
            "El proceso de negocio se queda en el paso de aprobación",
            "El proceso de aprobación de compras se queda en «Aprobación del responsable» "
            "aunque el responsable ya aprobó la solicitud.",
            False,
            True,
        ),
        (
            "La aplicación móvil no muestra notificaciones",
            "Varios usuarios con Android no reciben notificaciones push de la aplicación de "
            "Bitrix24. Las notificaciones están activadas en el teléfono.",
            False,
            True,
        ),
        (
            "El equipo de ventas ve todas las negociaciones",
            "Necesitamos que el departamento de ventas vea solo sus propias negociaciones, "
            "pero después de cambiar los permisos de acceso siguen viéndolas todas.",
            False,
            True,
        ),
        (
            "El almacenamiento está lleno y no se pueden subir archivos",
            "El Drive indica que el almacenamiento está lleno y nadie puede subir archivos. "
            "¿Qué ocupa el espacio y cómo podemos ampliarlo?",
            False,
            True,
        ),
        (
            "Hay que recuperar negociaciones eliminadas",
            "Ayer un empleado eliminó por error unas 150 negociaciones. Las necesitamos con "
            "urgencia: ¿se pueden restaurar desde la papelera o una copia de seguridad?",
            True,
            True,
        ),
        (
            "Los mensajes de WhatsApp no llegan a los Canales Abiertos",
            "Los mensajes enviados a nuestro número de WhatsApp ya no aparecen en los Canales "
            "Abiertos. El conector figura como activo.",
            False,
            True,
        ),
        (
            "La plantilla de factura muestra otra moneda",
            "Las facturas creadas desde las negociaciones muestran USD en lugar de nuestra "
            "moneda, aunque la negociación está en la moneda correcta.",
            False,
            True,
        ),
        (
            "La sincronización con Outlook duplica los eventos",
            "Cada evento sincronizado desde Outlook aparece dos veces en el calendario de "
            "Bitrix24.",
            False,
            True,
        ),
        (
            "Una empleada no puede entrar por la autenticación en dos pasos",
            "Una empleada perdió su teléfono y no puede iniciar sesión por la autenticación "
            "en dos pasos. ¿Cómo puede el administrador restablecerla?",
            False,
            True,
        ),
        (
            "El webhook devuelve el error 403",
            "Nuestra web envía prospectos a Bitrix24 mediante un webhook entrante. Desde el "
            "lunes todas las solicitudes devuelven 403 Forbidden.",
            False,
            True,
        ),
        (
            "La aplicación de escritorio no sincroniza las carpetas del Drive",
            "La aplicación de escritorio de Bitrix24 dejó de sincronizar las carpetas "
            "compartidas del Drive en dos ordenadores con Windows.",
            False,
            True,
        ),
        (
            "Consulta sobre la última factura",
            "¿Nos pueden enviar una copia de la última factura con la nueva dirección de la "
            "empresa?",
            False,
            False,
        ),
        (
            "Cambio del contacto de facturación",
            "Por favor, envíen las próximas facturas y los avisos de renovación a nuestro "
            "departamento de contabilidad.",
            False,
            False,
        ),
        (
            "Solicitud de una formación",
            "Queremos una formación en línea de dos horas sobre el CRM para cinco nuevos "
            "comerciales. ¿Qué fechas tienen disponibles?",
            False,
            False,
        ),
    ),
    "ru": (
        (
            "Портал не открывается: ошибка 502",
            "С утра никто из сотрудников не может открыть {portal}: браузер показывает "
            "ошибку 502. Работа полностью остановлена.",
            True,
            True,
        ),
        (
            "Импорт из Excel в CRM останавливается",
            "Импортируем около 2000 контактов из файла .xlsx (CRM → Контакты → Импорт). "
            "Импорт останавливается на 40 % с сообщением «Неверный формат файла».",
            False,
            True,
        ),
        (
            "Входящие звонки не попадают в очередь отдела продаж",
            "После подключения SIP-номера входящие звонки идут только на телефон "
            "администратора, а не в очередь отдела продаж.",
            False,
            True,
        ),
        (
            "Перестала работать синхронизация почты с Gmail",
            "Ящики, подключённые к почте Битрикс24, со вчерашнего дня не получают новые "
            "письма. Переподключение ящика не помогло.",
            False,
            True,
        ),
        (
            "Бизнес-процесс зависает на этапе согласования",
            "Процесс согласования закупки остаётся на шаге «Согласование руководителем», "
            "хотя руководитель уже согласовал заявку.",
            False,
            True,
        ),
        (
            "Мобильное приложение не присылает уведомления",
            "Несколько сотрудников с Android не получают push-уведомления из приложения "
            "Битрикс24. Уведомления в настройках телефона включены.",
            False,
            True,
        ),
        (
            "Менеджеры видят все сделки",
            "Нужно, чтобы отдел продаж видел только свои сделки, но после изменения прав "
            "доступа сотрудники по-прежнему видят все сделки.",
            False,
            True,
        ),
        (
            "Закончилось место на Диске",
            "Диск сообщает, что место закончилось, и никто не может загрузить файлы. Что "
            "занимает место и как его увеличить?",
            False,
            True,
        ),
        (
            "Нужно восстановить удалённые сделки",
            "Вчера сотрудник по ошибке удалил около 150 сделок. Они срочно нужны: можно ли "
            "восстановить их из корзины или резервной копии?",
            True,
            True,
        ),
        (
            "Сообщения из WhatsApp не приходят в открытые линии",
            "Сообщения на наш номер WhatsApp больше не появляются в открытых линиях. "
            "Коннектор отображается как активный.",
            False,
            True,
        ),
        (
            "В шаблоне счёта неверная валюта",
            "Счета, созданные из сделок, выставляются в USD вместо нашей валюты, хотя сама "
            "сделка в правильной валюте.",
            False,
            True,
        ),
        (
            "Синхронизация с Outlook дублирует события",
            "Каждое событие, синхронизированное из Outlook, появляется в календаре "
            "Битрикс24 дважды.",
            False,
            True,
        ),
        (
            "Сотрудница не может войти из-за двухэтапной авторизации",
            "Сотрудница потеряла телефон и не может войти из-за двухэтапной авторизации. "
            "Как администратору её сбросить?",
            False,
            True,
        ),
        (
            "Вебхук возвращает ошибку 403",
            "Сайт передаёт лиды в Битрикс24 через входящий вебхук. С понедельника все "
            "запросы возвращают 403 Forbidden.",
            False,
            True,
        ),
        (
            "Десктопное приложение не синхронизирует папки Диска",
            "Десктопное приложение Битрикс24 перестало синхронизировать общие папки Диска "
            "на двух компьютерах с Windows.",
            False,
            True,
        ),
        (
            "Вопрос по последнему счёту",
            "Пришлите, пожалуйста, копию последнего счёта с новым адресом компании.",
            False,
            False,
        ),
        (
            "Смена контакта для счетов",
            "Пожалуйста, отправляйте следующие счета и напоминания о продлении в нашу бухгалтерию.",
            False,
            False,
        ),
        (
            "Запрос на обучение",
            "Хотим провести двухчасовое онлайн-обучение по CRM для пяти новых менеджеров. "
            "Какие даты у вас свободны?",
            False,
            False,
        ),
    ),
}

#: Thread messages per language: what each step of a ticket's life says.
THREAD: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "ack": (
            "Hello {name}, thank you for your message. We are looking into it and will "
            "come back to you shortly.",
            "Hi {name}, thanks for reporting this. I have reproduced the problem and I am "
            "working on it now.",
            "Hello {name}, we received your request and it is now with our support team.",
        ),
        "ask": (
            "Could you send us a screenshot of the error and the exact time it happened?",
            "Please tell us which browser and version you use, and whether the problem "
            "happens for all users.",
            "Could you give one of our administrators temporary access to the portal so we "
            "can check the settings?",
        ),
        "info": (
            "Here is the screenshot. It happened at about 10:15 this morning.",
            "We use Chrome, latest version. It happens for everyone in the sales team.",
            "Access granted to your administrator. Thank you.",
        ),
        "nudge": (
            "Any news on this? It is still affecting our work.",
            "Just checking whether you had a chance to look at this.",
        ),
        "note": (
            "Checked the portal settings: the problem is reproducible on our NFR portal too.",
            "Client is on a paid plan with a renewal coming up; mention it in the next reply.",
            "Looks like a configuration issue, not a product fault.",
        ),
        "fix": (
            "We have corrected the settings and everything works again. Please check on "
            "your side and let us know.",
            "The problem is solved: the cause was an expired connection token, which we "
            "have renewed.",
            "Done: we changed the access permissions as requested. Please ask the team to "
            "log in again.",
        ),
        "thanks": (
            "Thank you, everything works now.",
            "Confirmed, it works. Thanks for the quick help!",
        ),
        "reopen": (
            "Unfortunately the problem is back since this morning.",
            "It worked for a day, but now the same error appears again.",
        ),
        "esc_note": (
            "Escalated to the Bitrix24 helpdesk as {vendor}. Logs and screenshots attached there.",
        ),
        "esc_reply": (
            "We have passed the problem to the Bitrix24 developers (ticket {vendor}). We "
            "will let you know as soon as they answer.",
        ),
    },
    "es": {
        "ack": (
            "Hola, {name}: gracias por su mensaje. Lo estamos revisando y le responderemos "
            "en breve.",
            "Hola, {name}: gracias por avisarnos. Hemos reproducido el problema y ya estamos "
            "trabajando en él.",
            "Hola, {name}: hemos recibido su solicitud y nuestro equipo de soporte ya la "
            "está atendiendo.",
        ),
        "ask": (
            "¿Podría enviarnos una captura de pantalla del error y la hora exacta en que ocurrió?",
            "Indíquenos, por favor, qué navegador y versión utiliza y si el problema afecta "
            "a todos los usuarios.",
            "¿Podría dar acceso temporal al portal a uno de nuestros administradores para "
            "revisar la configuración?",
        ),
        "info": (
            "Adjunto la captura. Ocurrió hacia las 10:15 de esta mañana.",
            "Usamos Chrome, la última versión. Le pasa a todo el equipo de ventas.",
            "Ya hemos dado acceso a su administrador. Gracias.",
        ),
        "nudge": (
            "¿Hay novedades? Sigue afectando a nuestro trabajo.",
            "Solo quería saber si han podido revisarlo.",
        ),
        "note": (
            "Revisada la configuración del portal: el problema también se reproduce en "
            "nuestro portal NFR.",
            "Cliente con plan de pago y renovación próxima; mencionarlo en la siguiente respuesta.",
            "Parece un problema de configuración, no un fallo del producto.",
        ),
        "fix": (
            "Hemos corregido la configuración y todo vuelve a funcionar. Compruébelo, por "
            "favor, y díganos si todo está bien.",
            "El problema está resuelto: la causa era un token de conexión caducado, que ya "
            "hemos renovado.",
            "Listo: hemos cambiado los permisos de acceso como nos pidió. Pida al equipo "
            "que vuelva a iniciar sesión.",
        ),
        "thanks": (
            "Gracias, ya funciona todo.",
            "Confirmado, funciona. ¡Gracias por la ayuda tan rápida!",
        ),
        "reopen": (
            "Lamentablemente, el problema ha vuelto desde esta mañana.",
            "Funcionó un día, pero ahora vuelve a aparecer el mismo error.",
        ),
        "esc_note": (
            "Escalado al soporte de Bitrix24 como {vendor}. Registros y capturas adjuntados allí.",
        ),
        "esc_reply": (
            "Hemos trasladado el problema a los desarrolladores de Bitrix24 (ticket "
            "{vendor}). Le avisaremos en cuanto respondan.",
        ),
    },
    "ru": {
        "ack": (
            "Здравствуйте, {name}! Спасибо за обращение. Мы разбираемся и скоро вернёмся с "
            "ответом.",
            "Здравствуйте, {name}! Спасибо, что сообщили. Мы воспроизвели проблему и уже "
            "работаем над ней.",
            "Здравствуйте, {name}! Ваше обращение получено и передано специалисту поддержки.",
        ),
        "ask": (
            "Пришлите, пожалуйста, снимок экрана с ошибкой и точное время, когда она возникла.",
            "Уточните, пожалуйста, какой браузер и версию вы используете и повторяется ли "
            "проблема у всех сотрудников.",
            "Можете ли вы дать нашему администратору временный доступ к порталу, чтобы мы "
            "проверили настройки?",
        ),
        "info": (
            "Отправляем снимок экрана. Ошибка появилась сегодня около 10:15.",
            "Используем Chrome последней версии. Проблема у всего отдела продаж.",
            "Доступ вашему администратору выдали. Спасибо.",
        ),
        "nudge": (
            "Есть ли новости? Проблема по-прежнему мешает работе.",
            "Подскажите, удалось ли посмотреть наше обращение?",
        ),
        "note": (
            "Проверили настройки портала: проблема воспроизводится и на нашем NFR-портале.",
            "Клиент на платном тарифе, скоро продление: упомянуть в следующем ответе.",
            "Похоже на ошибку настройки, а не на сбой продукта.",
        ),
        "fix": (
            "Мы исправили настройки, всё снова работает. Проверьте, пожалуйста, со своей стороны.",
            "Проблема решена: причиной был просроченный токен подключения, мы его обновили.",
            "Готово: права доступа изменены, как вы просили. Попросите сотрудников заново "
            "войти в портал.",
        ),
        "thanks": (
            "Спасибо, всё работает.",
            "Подтверждаем, всё работает. Спасибо за быструю помощь!",
        ),
        "reopen": (
            "К сожалению, с утра проблема вернулась.",
            "День всё работало, но сейчас снова появляется та же ошибка.",
        ),
        "esc_note": (
            "Передано в техподдержку Битрикс24, обращение {vendor}. Логи и снимки экрана "
            "приложены там.",
        ),
        "esc_reply": (
            "Мы передали проблему разработчикам Битрикс24 (обращение {vendor}). Сообщим, "
            "как только получим ответ.",
        ),
    },
}

#: Who writes each step, and the hours it usually follows the previous one.
STEP_KIND = {
    "open": "client",
    "ack": "reply",
    "ask": "reply",
    "info": "client",
    "nudge": "client",
    "note": "note",
    "fix": "reply",
    "thanks": "client",
    "reopen": "client",
    "esc_note": "note",
    "esc_reply": "reply",
}
STEP_GAP_HOURS = {
    "open": (0, 0),
    "ack": (0.2, 10),
    "ask": (0.5, 24),
    "info": (1, 48),
    "nudge": (12, 72),
    "note": (0.1, 6),
    "fix": (2, 72),
    "thanks": (0.5, 48),
    "reopen": (24, 120),
    "esc_note": (0.5, 24),
    "esc_reply": (0.1, 2),
}
