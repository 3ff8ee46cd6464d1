"""Reports: the quarterly/monthly bulletin (通报) as Word and HTML, its XLSX attachments, and the
annual supervision figures (政府网站监管年度报表)."""
