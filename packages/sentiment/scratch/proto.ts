import { env, AutoTokenizer, AutoModelForSequenceClassification } from "@huggingface/transformers";
import { writeTinyBertModel } from "../src/testing/tiny-bert-model.js";
import { mkdtemp } from "node:fs/promises";
import os from "node:os"; import path from "node:path";
const dir = await mkdtemp(path.join(os.tmpdir(), "tiny-"));
const m = await writeTinyBertModel(dir, { poisonWord: "poison" });
env.allowRemoteModels = false; env.useFSCache = false; env.useBrowserCache = false;
const t0 = performance.now();
const tok = await AutoTokenizer.from_pretrained(dir, { local_files_only: true });
const model = await AutoModelForSequenceClassification.from_pretrained(dir, { local_files_only: true, dtype: "q8" });
console.log("load ms", performance.now() - t0, (model as any).config.id2label);
const enc = tok(["gain gain the company", "loss", "meeting today and the company said gain gain gain gain gain gain gain gain gain gain"], { padding: true, truncation: true });
console.log(enc.input_ids.tolist(), enc.attention_mask.tolist());
const out = await model(enc);
console.log(out.logits.dims, out.logits.tolist());
try { const e2 = tok(["poison"], {padding:true, truncation:true}); await model(e2); } catch (e) { console.log("threw:", String(e).slice(0,300)); }
