"""The analyst's report: charts of the analyses and one self-contained HTML file."""

from detente.report.data import ReportOptions, report_data
from detente.report.html import render_report, write_report

__all__ = ["ReportOptions", "render_report", "report_data", "write_report"]
