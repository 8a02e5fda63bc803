# "24. November 2026, 14:05 Uhr", as German newspapers write it.
DATE_FORMAT = "j. F Y"
DATETIME_FORMAT = r"j. F Y, H:i \U\h\r"
SHORT_DATE_FORMAT = "d.m.Y"
TIME_FORMAT = r"H:i \U\h\r"
