"""Content checks on plain text: 错别字 (W-D12) and 严重表述错误 (W-V1a).

Every check takes a passage of plain text and a location (a URL, a file line, a post id) and
answers :class:`~govinspect.content.problems.Problem` objects with offsets into that passage,
so the website rules, ``govinspect check`` and the CMS endpoint share one code path.
"""
