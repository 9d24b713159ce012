/// The hub's only stylesheet: system fonts, no framework, readable in light and dark.
enum Stylesheet {
    static let css = """
    :root{color-scheme:light dark;--fg:#1d2230;--muted:#5b6475;--bg:#f6f7fb;--card:#fff;--line:#dde1ea;--accent:#3a5bd9;--ok:#1b7f4b;--warn:#a15c00;--bad:#b42318}
    @media (prefers-color-scheme:dark){:root{--fg:#e7e9ef;--muted:#a3abbd;--bg:#12151c;--card:#1b1f29;--line:#2c3241;--accent:#8aa2ff;--ok:#5fd39a;--warn:#f0b35b;--bad:#ff8a80}}
    *{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:var(--fg);background:var(--bg)}
    header{display:flex;justify-content:space-between;align-items:center;padding:.75rem 1.5rem;border-bottom:1px solid var(--line);background:var(--card)}
    .brand{font-weight:700;text-decoration:none;color:var(--fg);letter-spacing:.02em}nav a{margin-left:1rem}.who{color:var(--muted)}
    main{max-width:46rem;margin:2rem auto;padding:0 1rem}.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:1.5rem;margin:1rem auto;max-width:46rem}
    h1{font-size:1.5rem;margin:.2rem 0 1rem}a{color:var(--accent)}.muted{color:var(--muted);font-size:.9rem}
    label{display:block;font-weight:600;margin:.5rem 0 .25rem}input[type=text]{width:100%;padding:.55rem .7rem;border:1px solid var(--line);border-radius:6px;font:inherit;background:var(--bg);color:var(--fg)}
    button,.button{display:inline-block;padding:.5rem 1rem;border-radius:6px;border:1px solid var(--accent);background:var(--accent);color:#fff;font:inherit;cursor:pointer;text-decoration:none}
    button.secondary,.button.secondary{background:transparent;color:var(--accent)}button:focus-visible,a:focus-visible,input:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
    table{width:100%;border-collapse:collapse}td,th{text-align:left;padding:.6rem .4rem;border-bottom:1px solid var(--line);vertical-align:middle}td.actions{text-align:right;white-space:nowrap}td.actions form{display:inline}td.actions>*+*,a.button+a{margin-left:.6rem}
    .status{font-weight:600}.status.running{color:var(--ok)}.status.pending{color:var(--warn)}.status.stopped{color:var(--muted)}.error{color:var(--bad)}
    progress{width:100%;height:1rem}.log{font-family:ui-monospace,monospace;font-size:.85rem;white-space:pre-wrap;max-height:16rem;overflow:auto;background:var(--bg);padding:.5rem;border-radius:6px}
    .row{display:flex;gap:.5rem;align-items:flex-end}.row>div{flex:1}
    .choices{border:0;padding:0;margin:0}.choice{display:flex;gap:.75rem;align-items:flex-start;font-weight:400;padding:.6rem;border:1px solid var(--line);border-radius:8px;margin:.5rem 0;cursor:pointer}.choice input{margin-top:.35rem}.choice strong{display:block}
    """
}
