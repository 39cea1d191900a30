"""PDF and XLSX writers (reportlab, openpyxl) from domain data. No Qt, no database."""
