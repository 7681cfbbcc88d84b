"""Per-page translation strings, merged by ui.i18n into the one table."""
