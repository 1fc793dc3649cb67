namespace FemtoScas.Reports;

/// <summary>The inline stylesheet of compliance.html: the file must render offline with no fetch.</summary>
internal static class HtmlReportStyle
{
    public const string Css = """
        body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1f24; margin: 0; background: #f6f7f9; }
        header, main, footer { max-width: 1200px; margin: 0 auto; padding: 16px 24px; }
        header { background: #0f2942; color: #fff; max-width: none; }
        header h1 { margin: 0 0 4px; font-size: 22px; }
        header .sub { opacity: .85; }
        h2 { border-bottom: 2px solid #0f2942; padding-bottom: 4px; margin-top: 32px; }
        h3 { margin: 0 0 6px; font-size: 16px; }
        table { border-collapse: collapse; width: 100%; background: #fff; margin: 8px 0 12px; }
        th, td { border: 1px solid #ccd2da; padding: 4px 8px; text-align: left; vertical-align: top; }
        th { background: #e8ecf1; }
        td.mono, .mono { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; overflow-wrap: anywhere; }
        .warn { background: #fff3cd; color: #5c4400; border: 2px solid #e0a800; padding: 10px 14px; margin: 12px 0; font-weight: 600; }
        .faults { background: #fde2e1; border: 2px solid #b3261e; color: #5a0f0b; padding: 10px 14px; margin: 12px 0; }
        .problems li { color: #5c4400; }
        .counts { display: flex; flex-wrap: wrap; gap: 10px; margin: 10px 0; }
        .count { min-width: 130px; padding: 10px 14px; border-radius: 6px; background: #fff; border: 2px solid #ccd2da; }
        .count b { display: block; font-size: 24px; }
        .verdict { display: inline-block; padding: 1px 8px; border-radius: 4px; font-weight: 700; font-size: 12px; letter-spacing: .03em; white-space: nowrap; }
        .v-pass { background: #d7f5dd; color: #0b5d1e; border: 1px solid #1e8e3e; }
        .v-fail { background: #b3261e; color: #fff; border: 1px solid #7a1711; }
        .v-error { background: #fff; color: #6a1b9a; border: 2px dashed #6a1b9a; }
        .v-inconclusive { background: #fff3cd; color: #5c4400; border: 1px solid #e0a800; }
        .v-na { background: #e8ecf1; color: #3c4650; border: 1px solid #9aa5b1; }
        .v-notexec { background: #fff; color: #57606a; border: 1px dotted #57606a; }
        .count.v-pass, .count.v-fail, .count.v-error, .count.v-inconclusive, .count.v-na, .count.v-notexec { border-radius: 6px; }
        .error-note { color: #6a1b9a; font-style: italic; }
        .result { background: #fff; border: 1px solid #ccd2da; border-left: 6px solid #9aa5b1; padding: 12px 16px; margin: 14px 0; }
        .result.r-pass { border-left-color: #1e8e3e; }
        .result.r-fail { border-left-color: #b3261e; }
        .result.r-error { border-left: 6px dashed #6a1b9a; }
        .result.r-inconclusive { border-left-color: #e0a800; }
        .reason { margin: 6px 0; white-space: pre-wrap; }
        .meta { color: #57606a; font-size: 12px; }
        .bad { color: #b3261e; font-weight: 700; }
        .ok { color: #0b5d1e; }
        ol.steps { margin: 4px 0 8px; padding-left: 22px; }
        ol.steps li { white-space: pre-wrap; }
        .crypto { background: #fff; border: 2px solid #0f2942; padding: 8px 14px; }
        a { color: #0b57d0; }
        footer { color: #57606a; font-size: 12px; }
        nav.toc { background: #fff; border: 1px solid #ccd2da; padding: 4px 16px 8px; }
        nav.toc ol.toc-results { columns: 2; column-gap: 24px; font-size: 12px; }
        nav.toc ol.toc-results li { break-inside: avoid; }
        .toc-verdict { color: #57606a; font-size: 11px; }
        .toc-page { display: none; }
        @media screen { .print-only { display: none; } }
        /* The print stylesheet: what Chromium prints to compliance.pdf (CompliancePdfWriter), page by page. */
        @media print {
          body { background: #fff; font-size: 10px; line-height: 1.35; }
          header { display: none; }
          main, footer { max-width: none; margin: 0; padding: 0; }
          a { color: inherit; text-decoration: none; }
          .cover { break-after: page; }
          .cover-kicker { font-size: 13px; color: #57606a; margin: 0; }
          .cover h1 { font-size: 24px; margin: 2px 0 14px; }
          .cover-facts th { width: 28%; }
          .conclusion { font-size: 13px; font-weight: 700; border: 2px solid #0f2942; padding: 8px 10px; }
          nav.toc { border: 0; padding: 0; break-after: page; }
          nav.toc ol.toc-results { font-size: 9px; }
          nav.toc ol.toc-results { columns: 1; }
          nav.toc ol.toc-sections > li { break-inside: auto; }
          .toc-line { display: flex; align-items: baseline; }
          .toc-text { flex: 1 1 auto; }
          .toc-page { display: inline-block; flex: none; min-width: 2.6em; text-align: right; }
          h1, h2, h3, h4, caption, summary, .meta:has(+ .reason) { break-after: avoid; page-break-after: avoid; }
          h2 { margin-top: 14px; break-inside: avoid; }
          h2#matrix, h2#results { break-before: page; }
          thead { display: table-header-group; }
          tr, li, .count, .warn, .faults, .conclusion { break-inside: avoid; }
          .result { break-inside: auto; padding: 6px 10px; margin: 8px 0; }
          .result h3 { font-size: 12px; }
          .counts .count { min-width: 90px; padding: 4px 8px; }
          .counts .count b { font-size: 16px; }
          th, td { padding: 2px 5px; }
          td.mono, .mono { font-size: 9px; }
          table.matrix { font-size: 8px; }
          table.matrix th, table.matrix td { padding: 1px 3px; }
          table.matrix td.id, table.matrix td.spec { white-space: nowrap; overflow-wrap: normal; }
          table.matrix .meta, table.matrix .error-note { display: none; }
          table.matrix .verdict { font-size: 8px; padding: 0 3px; }
          details > summary { list-style: none; }
        }
        """;
}
