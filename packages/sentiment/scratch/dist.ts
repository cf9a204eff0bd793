import { readFileSync } from "node:fs";
const sem = JSON.parse(readFileSync("/work/shared/data/sentiment/semeval2017_task5/SemEval2017Task5Headlines.json","utf8")) as {sentiment:number, title:string}[];
const fiqa = Object.values(JSON.parse(readFileSync("/work/shared/data/sentiment/fiqa_2018_task1/FiQA_post.json","utf8"))) as {sentence:string, info:{sentiment_score:string}[]}[];
function hist(xs:number[]) { const b = new Map<string,number>(); for (const x of xs) { const k = (Math.round(x*10)/10).toFixed(1); b.set(k,(b.get(k)??0)+1);} return [...b.entries()].sort((a,b)=>Number(a[0])-Number(b[0])); }
console.log("semeval", sem.length, hist(sem.map(s=>s.sentiment)), sem.filter(s=>s.sentiment===0).length);
console.log("fiqa", fiqa.length, hist(fiqa.map(s=>Number(s.info[0]!.sentiment_score))), fiqa.filter(f=>f.info.length>1).length, fiqa.filter(s=>Number(s.info[0]!.sentiment_score)===0).length);
