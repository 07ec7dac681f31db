using Discounts.Functions.Hosting;

namespace Discounts.Functions.Functions;

/// <summary>
/// <c>GET /api/docs</c>: a browsable reference of the HTTP functions, rendered in the browser from
/// <c>/api/openapi.json</c> by a few lines of script (no external assets: it works offline).
/// </summary>
public sealed class GetApiReference : IHttpFunction
{
    private const string Page = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>Discounts API</title>
        <style>
        body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222}
        h2{margin-top:2rem;border-bottom:1px solid #ddd} .op{margin:1rem 0;padding:.5rem 1rem;border:1px solid #e3e3e3;border-radius:6px}
        .m{display:inline-block;min-width:4.5rem;font-weight:600} pre{background:#f6f6f6;padding:.5rem;overflow:auto;font-size:.85rem}
        </style></head>
        <body><h1>Discounts API</h1><p>Generated from <a href="/api/openapi.json">/api/openapi.json</a>.</p><div id="ops">Loading…</div>
        <script>
        const esc = s => String(s ?? '').replace(/[&<>"]/g, c => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));
        fetch('/api/openapi.json').then(r => r.json()).then(doc => {
          const byTag = {};
          for (const [path, item] of Object.entries(doc.paths || {}))
            for (const [method, op] of Object.entries(item)) {
              const tag = (op.tags || ['Other'])[0];
              (byTag[tag] ||= []).push({path, method, op});
            }
          let html = '';
          for (const [tag, ops] of Object.entries(byTag)) {
            html += `<h2>${esc(tag)}</h2>`;
            for (const {path, method, op} of ops) {
              const body = op.requestBody?.content?.['application/json']?.schema;
              const answers = Object.entries(op.responses || {}).map(([code, r]) =>
                `${esc(code)} ${esc(Object.keys(r.content || {}).join(', '))} ${esc(JSON.stringify(Object.values(r.content || {})[0]?.schema || ''))}`).join('\n');
              html += `<div class="op"><span class="m">${esc(method.toUpperCase())}</span><code>${esc(path)}</code> — ${esc(op.operationId)}`
                + (body ? `<pre>body: ${esc(JSON.stringify(body))}</pre>` : '') + `<pre>${answers}</pre></div>`;
            }
          }
          html += `<h2>Schemas</h2><pre>${esc(JSON.stringify(doc.components?.schemas || {}, null, 2))}</pre>`;
          document.getElementById('ops').innerHTML = html;
        });
        </script></body></html>
        """;

    public Task<IResult> RunAsync(HttpContext context) => Task.FromResult<IResult>(TypedResults.Content(Page, "text/html; charset=utf-8"));
}
