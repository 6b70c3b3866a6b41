"""Quality assurance: checks, sacreBLEU scores, alignment metrics and reports.

`eval` may import `corpora`, `align` and `models`; nothing below `zhenqa` imports it back.
"""
