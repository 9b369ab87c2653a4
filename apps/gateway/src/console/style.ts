/** The console's one stylesheet, served at /admin/console.css (the CSP allows no inline styles). */
export const CONSOLE_CSS = `
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d2329;background:#f6f7f9}
header{display:flex;gap:1rem;align-items:center;padding:.6rem 1.2rem;background:#1d2329;color:#fff}
header a{color:#cfe3ff;text-decoration:none}
header nav{display:flex;gap:1rem;flex:1}
header form{margin:0}
main{padding:1rem 1.2rem;max-width:110rem}
h1{font-size:1.3rem;margin:.2rem 0 1rem}
h2{font-size:1.05rem;margin:1.2rem 0 .5rem}
table{border-collapse:collapse;background:#fff;width:100%}
th,td{border:1px solid #dde1e6;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#eef1f4}
form.inline{display:inline}
fieldset{border:1px solid #dde1e6;background:#fff;margin:0 0 1rem;padding:.6rem .8rem}
label{display:inline-block;margin:0 .8rem .4rem 0}
input,select{font:inherit;padding:.2rem .3rem}
button{font:inherit;padding:.2rem .7rem;cursor:pointer}
pre{background:#fff;border:1px solid #dde1e6;padding:.5rem;overflow:auto;max-height:32rem;margin:0;font-size:12px}
.columns{display:grid;grid-template-columns:repeat(auto-fill,minmax(26rem,1fr));gap:1rem}
.dialect h3{margin:.2rem 0;font-size:.95rem}
.error{background:#fde8e8;border:1px solid #f5b5b5;padding:.5rem .8rem;margin:0 0 1rem}
.once{background:#fff8db;border:1px solid #e6cf6a;padding:.5rem .8rem;margin:0 0 1rem}
.muted{color:#68717a}
.pager{display:flex;gap:1rem;margin:.6rem 0}
code{font-size:12px}
`;
