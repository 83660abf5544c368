"""The Qt side of language switching: a signal, and Qt's own translations."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator, Signal

from b24desk import i18n


class LanguageManager(QObject):
    """Switches the desk language at run time and tells every widget.

    Widgets connect :attr:`changed` to their ``retranslate()``.  Qt's own texts
    (OK/Cancel, file dialogs) follow through the ``qtbase_*.qm`` PySide6 ships.
    """

    changed = Signal(str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._qt_translator: QTranslator | None = None
        i18n.add_language_listener(self._on_language_changed)
        self._install_qt_translator(i18n.current_language())

    def language(self) -> str:
        return i18n.current_language()

    def set_language(self, lang: str) -> None:
        i18n.set_language(lang)

    def detach(self) -> None:
        i18n.remove_language_listener(self._on_language_changed)

    def _on_language_changed(self, lang: str) -> None:
        self._install_qt_translator(lang)
        self.changed.emit(lang)

    def _install_qt_translator(self, lang: str) -> None:
        app = QCoreApplication.instance()
        if app is None:
            return
        if self._qt_translator is not None:
            app.removeTranslator(self._qt_translator)
            self._qt_translator = None
        QLocale.setDefault(QLocale(i18n.locale_name(lang)))
        if lang == i18n.DEFAULT_LANGUAGE:
            return
        translator = QTranslator(self)
        folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if translator.load(f"qtbase_{lang}", folder):
            app.installTranslator(translator)
            self._qt_translator = translator
