const P=require('tree-sitter'),B=require('tree-sitter-bash');const p=new P();p.setLanguage(B);
for (const s of process.argv.slice(2)) { const t=p.parse(s); console.log(JSON.stringify(s)); console.log(t.rootNode.toString()); }
