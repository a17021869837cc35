const P=require('tree-sitter'),B=require('tree-sitter-bash'); // native binding only (see src/parser/grammar.ts)
const p=new P();p.setLanguage(B);
for (const s of process.argv.slice(2)) { const t=p.parse(s); console.log(JSON.stringify(s)); console.log(t.rootNode.toString()); }
