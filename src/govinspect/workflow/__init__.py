"""Workflow after a bulletin: rectification tickets (整改), 我为政府网站找错 messages, finding
reviews and deadlines counted in Chinese working days (工作日)."""
