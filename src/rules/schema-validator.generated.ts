// @ts-nocheck
/*! Generated from src/rules/schema.ts by src/rules/schema-codegen.ts (ajv standalone): do not edit.
 * Regenerate with `npx tsc -p tsconfig.json && node bin/shellgate.js rules schema --write`. */
"use strict";
export const ruleset = validate10;
const schema11 = {"$schema":"http://json-schema.org/draft-07/schema#","title":"shellgate ruleset","description":"Rules that classify shell commands as allow, confirm or deny. See docs/rulesets.md.","type":"object","additionalProperties":false,"properties":{"name":{"type":"string","description":"A short name for the pack."},"description":{"type":"string","description":"What the pack is for."},"extends":{"type":["string","array"],"items":{"type":"string"},"description":"Rulesets loaded before this one: a relative path (./team.yaml) or an npm package name (@acme/shellgate-rules)."},"programs":{"type":"object","description":"Program knowledge: which options take a value, so positional words are read right.","additionalProperties":{"$ref":"#/definitions/program"}},"environments":{"$ref":"#/definitions/environments"},"rules":{"type":"array","description":"The rules; a later layer replaces a rule with the same id.","items":{"$ref":"#/definitions/rule"}}},"definitions":{"decision":{"type":"string","enum":["allow","confirm","deny"],"description":"allow, confirm or deny"},"risk":{"type":"string","enum":["none","low","medium","high","critical"],"description":"none, low, medium, high or critical"},"environment":{"type":"string","enum":["production","staging","development"],"description":"production, staging or development"},"program":{"type":"object","additionalProperties":false,"properties":{"options_with_value":{"type":"array","items":{"type":"string"},"description":"Options that take the next word as their value (-C, --context)."}}},"environmentNames":{"type":"object","additionalProperties":false,"properties":{"words":{"type":"array","items":{"type":"string"},"description":"Words that name the environment in flag values, variables and arguments (prod, live)."},"hosts":{"type":"array","items":{"type":"string"},"description":"Host globs that belong to the environment (*.acme-prod.internal)."}}},"environments":{"type":"object","description":"How a line's target environment is recognized; every layer adds to these lists.","additionalProperties":false,"properties":{"production":{"$ref":"#/definitions/environmentNames"},"staging":{"$ref":"#/definitions/environmentNames"},"development":{"$ref":"#/definitions/environmentNames"},"env_vars":{"type":"array","items":{"type":"string"},"description":"Variables whose value names the environment (KUBE_CONTEXT)."},"url_vars":{"type":"array","items":{"type":"string"},"description":"Variables whose value is a URL or host (DATABASE_URL)."},"host_flags":{"type":"array","items":{"type":"string"},"description":"Flags whose value is a host (--host)."}}},"match":{"type":"object","description":"Conditions on one command; every condition given must hold.","additionalProperties":false,"properties":{"program":{"type":["string","array"],"items":{"type":"string"},"description":"Program name(s) after unwrapping sudo, env, bash -c …; globs allowed (mkfs.*)."},"subcommand":{"type":["string","array"],"items":{"type":"string"},"description":"Leading positional words (\"volume rm\"); a list gives alternatives; words may be globs."},"flags":{"type":"array","items":{"type":"string"},"description":"Any of these flags (-f also matches inside -rf)."},"all_flags":{"type":"array","items":{"type":"string"},"description":"Each entry must be present; \"-r|-R|--recursive\" gives alternatives for one entry."},"not_flags":{"type":"array","items":{"type":"string"},"description":"None of these flags (or flag=value)."},"flag_values":{"type":"object","description":"A flag whose value matches a glob: { \"-X\": \"DELETE\" }.","additionalProperties":{"type":["string","array"],"items":{"type":"string"}}},"args":{"type":"array","items":{"type":"string"},"description":"Any positional word after the subcommand matches one of these globs."},"facts":{"type":"array","items":{"type":"string"},"description":"Any fact whose id matches one of these globs (fs.delete-recursive.{root,home})."},"not_facts":{"type":"array","items":{"type":"string"},"description":"No fact matching these globs."},"environment":{"description":"Only when the line targets one of these environments.","if":{"type":"string"},"then":{"$ref":"#/definitions/environment"},"else":{"type":"array","items":{"$ref":"#/definitions/environment"},"description":"an environment or a list of them"}},"any":{"type":"array","minItems":1,"items":{"$ref":"#/definitions/match"},"description":"At least one of these must match too."},"unless":{"type":"array","minItems":1,"items":{"$ref":"#/definitions/match"},"description":"The rule does not apply when any of these matches too."}}},"actorAction":{"description":"a decision, or a mapping of default/production/staging/development to a decision","if":{"type":"string"},"then":{"$ref":"#/definitions/decision"},"else":{"type":"object","description":"a decision, or a mapping of default/production/staging/development to a decision","additionalProperties":false,"minProperties":1,"properties":{"default":{"$ref":"#/definitions/decision"},"production":{"$ref":"#/definitions/decision"},"staging":{"$ref":"#/definitions/decision"},"development":{"$ref":"#/definitions/decision"}}}},"action":{"description":"allow, confirm or deny; or a mapping by environment (default, production, …) and actor (agent, human)","if":{"type":"string"},"then":{"$ref":"#/definitions/decision"},"else":{"type":"object","description":"allow, confirm or deny; or a mapping by environment (default, production, …) and actor (agent, human)","additionalProperties":false,"minProperties":1,"properties":{"default":{"$ref":"#/definitions/decision"},"production":{"$ref":"#/definitions/decision"},"staging":{"$ref":"#/definitions/decision"},"development":{"$ref":"#/definitions/decision"},"agent":{"$ref":"#/definitions/actorAction"},"human":{"$ref":"#/definitions/actorAction"}}}},"examples":{"type":"object","additionalProperties":false,"description":"Command lines this rule must fire on (match) and must not fire on (not_match).","properties":{"match":{"type":"array","items":{"type":"string"}},"not_match":{"type":"array","items":{"type":"string"}}}},"rule":{"type":"object","additionalProperties":false,"required":["id","match","risk","action","message"],"properties":{"id":{"type":"string","pattern":"^[A-Za-z0-9][A-Za-z0-9._:/-]*$","description":"A unique id such as acme.kube-prod-delete; a later layer overrides the rule with the same id."},"description":{"type":"string"},"match":{"$ref":"#/definitions/match"},"risk":{"$ref":"#/definitions/risk"},"action":{"$ref":"#/definitions/action"},"message":{"type":"string","description":"Shown with the verdict; {detail}, {program} and {environment} are filled in."},"alternative":{"type":"string","description":"A safer command to suggest."},"locked":{"type":"boolean","description":"Later layers may tighten this rule but never loosen it."},"examples":{"$ref":"#/definitions/examples"}}}}};
const schema12 = {"type":"object","additionalProperties":false,"properties":{"options_with_value":{"type":"array","items":{"type":"string"},"description":"Options that take the next word as their value (-C, --context)."}}};
const schema13 = {"type":"object","description":"How a line's target environment is recognized; every layer adds to these lists.","additionalProperties":false,"properties":{"production":{"$ref":"#/definitions/environmentNames"},"staging":{"$ref":"#/definitions/environmentNames"},"development":{"$ref":"#/definitions/environmentNames"},"env_vars":{"type":"array","items":{"type":"string"},"description":"Variables whose value names the environment (KUBE_CONTEXT)."},"url_vars":{"type":"array","items":{"type":"string"},"description":"Variables whose value is a URL or host (DATABASE_URL)."},"host_flags":{"type":"array","items":{"type":"string"},"description":"Flags whose value is a host (--host)."}}};
const schema14 = {"type":"object","additionalProperties":false,"properties":{"words":{"type":"array","items":{"type":"string"},"description":"Words that name the environment in flag values, variables and arguments (prod, live)."},"hosts":{"type":"array","items":{"type":"string"},"description":"Host globs that belong to the environment (*.acme-prod.internal)."}}};

function validate11(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!((((((key0 === "production") || (key0 === "staging")) || (key0 === "development")) || (key0 === "env_vars")) || (key0 === "url_vars")) || (key0 === "host_flags"))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.production !== undefined){
let data0 = data.production;
if(data0 && typeof data0 == "object" && !Array.isArray(data0)){
for(const key1 in data0){
if(!((key1 === "words") || (key1 === "hosts"))){
const err1 = {instancePath:instancePath+"/production",schemaPath:"#/definitions/environmentNames/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data0.words !== undefined){
let data1 = data0.words;
if(Array.isArray(data1)){
const len0 = data1.length;
for(let i0=0; i0<len0; i0++){
if(typeof data1[i0] !== "string"){
const err2 = {instancePath:instancePath+"/production/words/" + i0,schemaPath:"#/definitions/environmentNames/properties/words/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
}
else {
const err3 = {instancePath:instancePath+"/production/words",schemaPath:"#/definitions/environmentNames/properties/words/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data0.hosts !== undefined){
let data3 = data0.hosts;
if(Array.isArray(data3)){
const len1 = data3.length;
for(let i1=0; i1<len1; i1++){
if(typeof data3[i1] !== "string"){
const err4 = {instancePath:instancePath+"/production/hosts/" + i1,schemaPath:"#/definitions/environmentNames/properties/hosts/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
}
else {
const err5 = {instancePath:instancePath+"/production/hosts",schemaPath:"#/definitions/environmentNames/properties/hosts/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
}
else {
const err6 = {instancePath:instancePath+"/production",schemaPath:"#/definitions/environmentNames/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.staging !== undefined){
let data5 = data.staging;
if(data5 && typeof data5 == "object" && !Array.isArray(data5)){
for(const key2 in data5){
if(!((key2 === "words") || (key2 === "hosts"))){
const err7 = {instancePath:instancePath+"/staging",schemaPath:"#/definitions/environmentNames/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data5.words !== undefined){
let data6 = data5.words;
if(Array.isArray(data6)){
const len2 = data6.length;
for(let i2=0; i2<len2; i2++){
if(typeof data6[i2] !== "string"){
const err8 = {instancePath:instancePath+"/staging/words/" + i2,schemaPath:"#/definitions/environmentNames/properties/words/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
}
else {
const err9 = {instancePath:instancePath+"/staging/words",schemaPath:"#/definitions/environmentNames/properties/words/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(data5.hosts !== undefined){
let data8 = data5.hosts;
if(Array.isArray(data8)){
const len3 = data8.length;
for(let i3=0; i3<len3; i3++){
if(typeof data8[i3] !== "string"){
const err10 = {instancePath:instancePath+"/staging/hosts/" + i3,schemaPath:"#/definitions/environmentNames/properties/hosts/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
}
else {
const err11 = {instancePath:instancePath+"/staging/hosts",schemaPath:"#/definitions/environmentNames/properties/hosts/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
}
else {
const err12 = {instancePath:instancePath+"/staging",schemaPath:"#/definitions/environmentNames/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data.development !== undefined){
let data10 = data.development;
if(data10 && typeof data10 == "object" && !Array.isArray(data10)){
for(const key3 in data10){
if(!((key3 === "words") || (key3 === "hosts"))){
const err13 = {instancePath:instancePath+"/development",schemaPath:"#/definitions/environmentNames/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key3},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data10.words !== undefined){
let data11 = data10.words;
if(Array.isArray(data11)){
const len4 = data11.length;
for(let i4=0; i4<len4; i4++){
if(typeof data11[i4] !== "string"){
const err14 = {instancePath:instancePath+"/development/words/" + i4,schemaPath:"#/definitions/environmentNames/properties/words/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
}
else {
const err15 = {instancePath:instancePath+"/development/words",schemaPath:"#/definitions/environmentNames/properties/words/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data10.hosts !== undefined){
let data13 = data10.hosts;
if(Array.isArray(data13)){
const len5 = data13.length;
for(let i5=0; i5<len5; i5++){
if(typeof data13[i5] !== "string"){
const err16 = {instancePath:instancePath+"/development/hosts/" + i5,schemaPath:"#/definitions/environmentNames/properties/hosts/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
}
else {
const err17 = {instancePath:instancePath+"/development/hosts",schemaPath:"#/definitions/environmentNames/properties/hosts/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
}
else {
const err18 = {instancePath:instancePath+"/development",schemaPath:"#/definitions/environmentNames/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
if(data.env_vars !== undefined){
let data15 = data.env_vars;
if(Array.isArray(data15)){
const len6 = data15.length;
for(let i6=0; i6<len6; i6++){
if(typeof data15[i6] !== "string"){
const err19 = {instancePath:instancePath+"/env_vars/" + i6,schemaPath:"#/properties/env_vars/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
}
else {
const err20 = {instancePath:instancePath+"/env_vars",schemaPath:"#/properties/env_vars/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
}
if(data.url_vars !== undefined){
let data17 = data.url_vars;
if(Array.isArray(data17)){
const len7 = data17.length;
for(let i7=0; i7<len7; i7++){
if(typeof data17[i7] !== "string"){
const err21 = {instancePath:instancePath+"/url_vars/" + i7,schemaPath:"#/properties/url_vars/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
}
else {
const err22 = {instancePath:instancePath+"/url_vars",schemaPath:"#/properties/url_vars/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
if(data.host_flags !== undefined){
let data19 = data.host_flags;
if(Array.isArray(data19)){
const len8 = data19.length;
for(let i8=0; i8<len8; i8++){
if(typeof data19[i8] !== "string"){
const err23 = {instancePath:instancePath+"/host_flags/" + i8,schemaPath:"#/properties/host_flags/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
}
}
else {
const err24 = {instancePath:instancePath+"/host_flags",schemaPath:"#/properties/host_flags/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
}
else {
const err25 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
validate11.errors = vErrors;
return errors === 0;
}

const schema17 = {"type":"object","additionalProperties":false,"required":["id","match","risk","action","message"],"properties":{"id":{"type":"string","pattern":"^[A-Za-z0-9][A-Za-z0-9._:/-]*$","description":"A unique id such as acme.kube-prod-delete; a later layer overrides the rule with the same id."},"description":{"type":"string"},"match":{"$ref":"#/definitions/match"},"risk":{"$ref":"#/definitions/risk"},"action":{"$ref":"#/definitions/action"},"message":{"type":"string","description":"Shown with the verdict; {detail}, {program} and {environment} are filled in."},"alternative":{"type":"string","description":"A safer command to suggest."},"locked":{"type":"boolean","description":"Later layers may tighten this rule but never loosen it."},"examples":{"$ref":"#/definitions/examples"}}};
const schema21 = {"type":"string","enum":["none","low","medium","high","critical"],"description":"none, low, medium, high or critical"};
const schema34 = {"type":"object","additionalProperties":false,"description":"Command lines this rule must fire on (match) and must not fire on (not_match).","properties":{"match":{"type":"array","items":{"type":"string"}},"not_match":{"type":"array","items":{"type":"string"}}}};
const func2 = Object.prototype.hasOwnProperty;
const pattern0 = new RegExp("^[A-Za-z0-9][A-Za-z0-9._:/-]*$", "u");
const schema18 = {"type":"object","description":"Conditions on one command; every condition given must hold.","additionalProperties":false,"properties":{"program":{"type":["string","array"],"items":{"type":"string"},"description":"Program name(s) after unwrapping sudo, env, bash -c …; globs allowed (mkfs.*)."},"subcommand":{"type":["string","array"],"items":{"type":"string"},"description":"Leading positional words (\"volume rm\"); a list gives alternatives; words may be globs."},"flags":{"type":"array","items":{"type":"string"},"description":"Any of these flags (-f also matches inside -rf)."},"all_flags":{"type":"array","items":{"type":"string"},"description":"Each entry must be present; \"-r|-R|--recursive\" gives alternatives for one entry."},"not_flags":{"type":"array","items":{"type":"string"},"description":"None of these flags (or flag=value)."},"flag_values":{"type":"object","description":"A flag whose value matches a glob: { \"-X\": \"DELETE\" }.","additionalProperties":{"type":["string","array"],"items":{"type":"string"}}},"args":{"type":"array","items":{"type":"string"},"description":"Any positional word after the subcommand matches one of these globs."},"facts":{"type":"array","items":{"type":"string"},"description":"Any fact whose id matches one of these globs (fs.delete-recursive.{root,home})."},"not_facts":{"type":"array","items":{"type":"string"},"description":"No fact matching these globs."},"environment":{"description":"Only when the line targets one of these environments.","if":{"type":"string"},"then":{"$ref":"#/definitions/environment"},"else":{"type":"array","items":{"$ref":"#/definitions/environment"},"description":"an environment or a list of them"}},"any":{"type":"array","minItems":1,"items":{"$ref":"#/definitions/match"},"description":"At least one of these must match too."},"unless":{"type":"array","minItems":1,"items":{"$ref":"#/definitions/match"},"description":"The rule does not apply when any of these matches too."}}};
const schema19 = {"type":"string","enum":["production","staging","development"],"description":"production, staging or development"};
const wrapper0 = {validate: validate14};

function validate14(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!(func2.call(schema18.properties, key0))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.program !== undefined){
let data0 = data.program;
if((typeof data0 !== "string") && (!(Array.isArray(data0)))){
const err1 = {instancePath:instancePath+"/program",schemaPath:"#/properties/program/type",keyword:"type",params:{type: schema18.properties.program.type},message:"must be string,array"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(Array.isArray(data0)){
const len0 = data0.length;
for(let i0=0; i0<len0; i0++){
if(typeof data0[i0] !== "string"){
const err2 = {instancePath:instancePath+"/program/" + i0,schemaPath:"#/properties/program/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
}
}
if(data.subcommand !== undefined){
let data2 = data.subcommand;
if((typeof data2 !== "string") && (!(Array.isArray(data2)))){
const err3 = {instancePath:instancePath+"/subcommand",schemaPath:"#/properties/subcommand/type",keyword:"type",params:{type: schema18.properties.subcommand.type},message:"must be string,array"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(Array.isArray(data2)){
const len1 = data2.length;
for(let i1=0; i1<len1; i1++){
if(typeof data2[i1] !== "string"){
const err4 = {instancePath:instancePath+"/subcommand/" + i1,schemaPath:"#/properties/subcommand/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
}
}
if(data.flags !== undefined){
let data4 = data.flags;
if(Array.isArray(data4)){
const len2 = data4.length;
for(let i2=0; i2<len2; i2++){
if(typeof data4[i2] !== "string"){
const err5 = {instancePath:instancePath+"/flags/" + i2,schemaPath:"#/properties/flags/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
}
else {
const err6 = {instancePath:instancePath+"/flags",schemaPath:"#/properties/flags/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.all_flags !== undefined){
let data6 = data.all_flags;
if(Array.isArray(data6)){
const len3 = data6.length;
for(let i3=0; i3<len3; i3++){
if(typeof data6[i3] !== "string"){
const err7 = {instancePath:instancePath+"/all_flags/" + i3,schemaPath:"#/properties/all_flags/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
}
else {
const err8 = {instancePath:instancePath+"/all_flags",schemaPath:"#/properties/all_flags/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.not_flags !== undefined){
let data8 = data.not_flags;
if(Array.isArray(data8)){
const len4 = data8.length;
for(let i4=0; i4<len4; i4++){
if(typeof data8[i4] !== "string"){
const err9 = {instancePath:instancePath+"/not_flags/" + i4,schemaPath:"#/properties/not_flags/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
}
else {
const err10 = {instancePath:instancePath+"/not_flags",schemaPath:"#/properties/not_flags/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data.flag_values !== undefined){
let data10 = data.flag_values;
if(data10 && typeof data10 == "object" && !Array.isArray(data10)){
for(const key1 in data10){
let data11 = data10[key1];
if((typeof data11 !== "string") && (!(Array.isArray(data11)))){
const err11 = {instancePath:instancePath+"/flag_values/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/flag_values/additionalProperties/type",keyword:"type",params:{type: schema18.properties.flag_values.additionalProperties.type},message:"must be string,array"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
if(Array.isArray(data11)){
const len5 = data11.length;
for(let i5=0; i5<len5; i5++){
if(typeof data11[i5] !== "string"){
const err12 = {instancePath:instancePath+"/flag_values/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/" + i5,schemaPath:"#/properties/flag_values/additionalProperties/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
}
}
}
else {
const err13 = {instancePath:instancePath+"/flag_values",schemaPath:"#/properties/flag_values/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data.args !== undefined){
let data13 = data.args;
if(Array.isArray(data13)){
const len6 = data13.length;
for(let i6=0; i6<len6; i6++){
if(typeof data13[i6] !== "string"){
const err14 = {instancePath:instancePath+"/args/" + i6,schemaPath:"#/properties/args/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
}
else {
const err15 = {instancePath:instancePath+"/args",schemaPath:"#/properties/args/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data.facts !== undefined){
let data15 = data.facts;
if(Array.isArray(data15)){
const len7 = data15.length;
for(let i7=0; i7<len7; i7++){
if(typeof data15[i7] !== "string"){
const err16 = {instancePath:instancePath+"/facts/" + i7,schemaPath:"#/properties/facts/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
}
else {
const err17 = {instancePath:instancePath+"/facts",schemaPath:"#/properties/facts/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
if(data.not_facts !== undefined){
let data17 = data.not_facts;
if(Array.isArray(data17)){
const len8 = data17.length;
for(let i8=0; i8<len8; i8++){
if(typeof data17[i8] !== "string"){
const err18 = {instancePath:instancePath+"/not_facts/" + i8,schemaPath:"#/properties/not_facts/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
}
else {
const err19 = {instancePath:instancePath+"/not_facts",schemaPath:"#/properties/not_facts/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
if(data.environment !== undefined){
let data19 = data.environment;
const _errs42 = errors;
let valid20 = true;
const _errs43 = errors;
if(typeof data19 !== "string"){
const err20 = {};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
var _valid0 = _errs43 === errors;
errors = _errs42;
if(vErrors !== null){
if(_errs42){
vErrors.length = _errs42;
}
else {
vErrors = null;
}
}
let ifClause0;
if(_valid0){
const _errs45 = errors;
if(typeof data19 !== "string"){
const err21 = {instancePath:instancePath+"/environment",schemaPath:"#/definitions/environment/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
if(!(((data19 === "production") || (data19 === "staging")) || (data19 === "development"))){
const err22 = {instancePath:instancePath+"/environment",schemaPath:"#/definitions/environment/enum",keyword:"enum",params:{allowedValues: schema19.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
var _valid0 = _errs45 === errors;
valid20 = _valid0;
ifClause0 = "then";
}
else {
const _errs48 = errors;
if(Array.isArray(data19)){
const len9 = data19.length;
for(let i9=0; i9<len9; i9++){
let data20 = data19[i9];
if(typeof data20 !== "string"){
const err23 = {instancePath:instancePath+"/environment/" + i9,schemaPath:"#/definitions/environment/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
if(!(((data20 === "production") || (data20 === "staging")) || (data20 === "development"))){
const err24 = {instancePath:instancePath+"/environment/" + i9,schemaPath:"#/definitions/environment/enum",keyword:"enum",params:{allowedValues: schema19.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err24];
}
else {
vErrors.push(err24);
}
errors++;
}
}
}
else {
const err25 = {instancePath:instancePath+"/environment",schemaPath:"#/properties/environment/else/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err25];
}
else {
vErrors.push(err25);
}
errors++;
}
var _valid0 = _errs48 === errors;
valid20 = _valid0;
ifClause0 = "else";
}
if(!valid20){
const err26 = {instancePath:instancePath+"/environment",schemaPath:"#/properties/environment/if",keyword:"if",params:{failingKeyword: ifClause0},message:"must match \""+ifClause0+"\" schema"};
if(vErrors === null){
vErrors = [err26];
}
else {
vErrors.push(err26);
}
errors++;
}
}
if(data.any !== undefined){
let data21 = data.any;
if(Array.isArray(data21)){
if(data21.length < 1){
const err27 = {instancePath:instancePath+"/any",schemaPath:"#/properties/any/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err27];
}
else {
vErrors.push(err27);
}
errors++;
}
const len10 = data21.length;
for(let i10=0; i10<len10; i10++){
if(!(wrapper0.validate(data21[i10], {instancePath:instancePath+"/any/" + i10,parentData:data21,parentDataProperty:i10,rootData}))){
vErrors = vErrors === null ? wrapper0.validate.errors : vErrors.concat(wrapper0.validate.errors);
errors = vErrors.length;
}
}
}
else {
const err28 = {instancePath:instancePath+"/any",schemaPath:"#/properties/any/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err28];
}
else {
vErrors.push(err28);
}
errors++;
}
}
if(data.unless !== undefined){
let data23 = data.unless;
if(Array.isArray(data23)){
if(data23.length < 1){
const err29 = {instancePath:instancePath+"/unless",schemaPath:"#/properties/unless/minItems",keyword:"minItems",params:{limit: 1},message:"must NOT have fewer than 1 items"};
if(vErrors === null){
vErrors = [err29];
}
else {
vErrors.push(err29);
}
errors++;
}
const len11 = data23.length;
for(let i11=0; i11<len11; i11++){
if(!(wrapper0.validate(data23[i11], {instancePath:instancePath+"/unless/" + i11,parentData:data23,parentDataProperty:i11,rootData}))){
vErrors = vErrors === null ? wrapper0.validate.errors : vErrors.concat(wrapper0.validate.errors);
errors = vErrors.length;
}
}
}
else {
const err30 = {instancePath:instancePath+"/unless",schemaPath:"#/properties/unless/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err30];
}
else {
vErrors.push(err30);
}
errors++;
}
}
}
else {
const err31 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err31];
}
else {
vErrors.push(err31);
}
errors++;
}
validate14.errors = vErrors;
return errors === 0;
}

const schema22 = {"description":"allow, confirm or deny; or a mapping by environment (default, production, …) and actor (agent, human)","if":{"type":"string"},"then":{"$ref":"#/definitions/decision"},"else":{"type":"object","description":"allow, confirm or deny; or a mapping by environment (default, production, …) and actor (agent, human)","additionalProperties":false,"minProperties":1,"properties":{"default":{"$ref":"#/definitions/decision"},"production":{"$ref":"#/definitions/decision"},"staging":{"$ref":"#/definitions/decision"},"development":{"$ref":"#/definitions/decision"},"agent":{"$ref":"#/definitions/actorAction"},"human":{"$ref":"#/definitions/actorAction"}}}};
const schema23 = {"type":"string","enum":["allow","confirm","deny"],"description":"allow, confirm or deny"};
const schema28 = {"description":"a decision, or a mapping of default/production/staging/development to a decision","if":{"type":"string"},"then":{"$ref":"#/definitions/decision"},"else":{"type":"object","description":"a decision, or a mapping of default/production/staging/development to a decision","additionalProperties":false,"minProperties":1,"properties":{"default":{"$ref":"#/definitions/decision"},"production":{"$ref":"#/definitions/decision"},"staging":{"$ref":"#/definitions/decision"},"development":{"$ref":"#/definitions/decision"}}}};

function validate17(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
let valid0 = true;
const _errs1 = errors;
if(typeof data !== "string"){
const err0 = {};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
var _valid0 = _errs1 === errors;
errors = _errs0;
if(vErrors !== null){
if(_errs0){
vErrors.length = _errs0;
}
else {
vErrors = null;
}
}
let ifClause0;
if(_valid0){
const _errs3 = errors;
if(typeof data !== "string"){
const err1 = {instancePath,schemaPath:"#/definitions/decision/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(!(((data === "allow") || (data === "confirm")) || (data === "deny"))){
const err2 = {instancePath,schemaPath:"#/definitions/decision/enum",keyword:"enum",params:{allowedValues: schema23.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
var _valid0 = _errs3 === errors;
valid0 = _valid0;
ifClause0 = "then";
}
else {
const _errs6 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(Object.keys(data).length < 1){
const err3 = {instancePath,schemaPath:"#/else/minProperties",keyword:"minProperties",params:{limit: 1},message:"must NOT have fewer than 1 properties"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
for(const key0 in data){
if(!((((key0 === "default") || (key0 === "production")) || (key0 === "staging")) || (key0 === "development"))){
const err4 = {instancePath,schemaPath:"#/else/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.default !== undefined){
let data0 = data.default;
if(typeof data0 !== "string"){
const err5 = {instancePath:instancePath+"/default",schemaPath:"#/definitions/decision/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
if(!(((data0 === "allow") || (data0 === "confirm")) || (data0 === "deny"))){
const err6 = {instancePath:instancePath+"/default",schemaPath:"#/definitions/decision/enum",keyword:"enum",params:{allowedValues: schema23.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.production !== undefined){
let data1 = data.production;
if(typeof data1 !== "string"){
const err7 = {instancePath:instancePath+"/production",schemaPath:"#/definitions/decision/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
if(!(((data1 === "allow") || (data1 === "confirm")) || (data1 === "deny"))){
const err8 = {instancePath:instancePath+"/production",schemaPath:"#/definitions/decision/enum",keyword:"enum",params:{allowedValues: schema23.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.staging !== undefined){
let data2 = data.staging;
if(typeof data2 !== "string"){
const err9 = {instancePath:instancePath+"/staging",schemaPath:"#/definitions/decision/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
if(!(((data2 === "allow") || (data2 === "confirm")) || (data2 === "deny"))){
const err10 = {instancePath:instancePath+"/staging",schemaPath:"#/definitions/decision/enum",keyword:"enum",params:{allowedValues: schema23.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data.development !== undefined){
let data3 = data.development;
if(typeof data3 !== "string"){
const err11 = {instancePath:instancePath+"/development",schemaPath:"#/definitions/decision/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
if(!(((data3 === "allow") || (data3 === "confirm")) || (data3 === "deny"))){
const err12 = {instancePath:instancePath+"/development",schemaPath:"#/definitions/decision/enum",keyword:"enum",params:{allowedValues: schema23.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
}
else {
const err13 = {instancePath,schemaPath:"#/else/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
var _valid0 = _errs6 === errors;
valid0 = _valid0;
ifClause0 = "else";
}
if(!valid0){
const err14 = {instancePath,schemaPath:"#/if",keyword:"if",params:{failingKeyword: ifClause0},message:"must match \""+ifClause0+"\" schema"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
validate17.errors = vErrors;
return errors === 0;
}


function validate16(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
const _errs0 = errors;
let valid0 = true;
const _errs1 = errors;
if(typeof data !== "string"){
const err0 = {};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
var _valid0 = _errs1 === errors;
errors = _errs0;
if(vErrors !== null){
if(_errs0){
vErrors.length = _errs0;
}
else {
vErrors = null;
}
}
let ifClause0;
if(_valid0){
const _errs3 = errors;
if(typeof data !== "string"){
const err1 = {instancePath,schemaPath:"#/definitions/decision/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(!(((data === "allow") || (data === "confirm")) || (data === "deny"))){
const err2 = {instancePath,schemaPath:"#/definitions/decision/enum",keyword:"enum",params:{allowedValues: schema23.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
var _valid0 = _errs3 === errors;
valid0 = _valid0;
ifClause0 = "then";
}
else {
const _errs6 = errors;
if(data && typeof data == "object" && !Array.isArray(data)){
if(Object.keys(data).length < 1){
const err3 = {instancePath,schemaPath:"#/else/minProperties",keyword:"minProperties",params:{limit: 1},message:"must NOT have fewer than 1 properties"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
for(const key0 in data){
if(!((((((key0 === "default") || (key0 === "production")) || (key0 === "staging")) || (key0 === "development")) || (key0 === "agent")) || (key0 === "human"))){
const err4 = {instancePath,schemaPath:"#/else/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.default !== undefined){
let data0 = data.default;
if(typeof data0 !== "string"){
const err5 = {instancePath:instancePath+"/default",schemaPath:"#/definitions/decision/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
if(!(((data0 === "allow") || (data0 === "confirm")) || (data0 === "deny"))){
const err6 = {instancePath:instancePath+"/default",schemaPath:"#/definitions/decision/enum",keyword:"enum",params:{allowedValues: schema23.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.production !== undefined){
let data1 = data.production;
if(typeof data1 !== "string"){
const err7 = {instancePath:instancePath+"/production",schemaPath:"#/definitions/decision/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
if(!(((data1 === "allow") || (data1 === "confirm")) || (data1 === "deny"))){
const err8 = {instancePath:instancePath+"/production",schemaPath:"#/definitions/decision/enum",keyword:"enum",params:{allowedValues: schema23.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.staging !== undefined){
let data2 = data.staging;
if(typeof data2 !== "string"){
const err9 = {instancePath:instancePath+"/staging",schemaPath:"#/definitions/decision/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
if(!(((data2 === "allow") || (data2 === "confirm")) || (data2 === "deny"))){
const err10 = {instancePath:instancePath+"/staging",schemaPath:"#/definitions/decision/enum",keyword:"enum",params:{allowedValues: schema23.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data.development !== undefined){
let data3 = data.development;
if(typeof data3 !== "string"){
const err11 = {instancePath:instancePath+"/development",schemaPath:"#/definitions/decision/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
if(!(((data3 === "allow") || (data3 === "confirm")) || (data3 === "deny"))){
const err12 = {instancePath:instancePath+"/development",schemaPath:"#/definitions/decision/enum",keyword:"enum",params:{allowedValues: schema23.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data.agent !== undefined){
if(!(validate17(data.agent, {instancePath:instancePath+"/agent",parentData:data,parentDataProperty:"agent",rootData}))){
vErrors = vErrors === null ? validate17.errors : vErrors.concat(validate17.errors);
errors = vErrors.length;
}
}
if(data.human !== undefined){
if(!(validate17(data.human, {instancePath:instancePath+"/human",parentData:data,parentDataProperty:"human",rootData}))){
vErrors = vErrors === null ? validate17.errors : vErrors.concat(validate17.errors);
errors = vErrors.length;
}
}
}
else {
const err13 = {instancePath,schemaPath:"#/else/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
var _valid0 = _errs6 === errors;
valid0 = _valid0;
ifClause0 = "else";
}
if(!valid0){
const err14 = {instancePath,schemaPath:"#/if",keyword:"if",params:{failingKeyword: ifClause0},message:"must match \""+ifClause0+"\" schema"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
validate16.errors = vErrors;
return errors === 0;
}


function validate13(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.id === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "id"},message:"must have required property '"+"id"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.match === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "match"},message:"must have required property '"+"match"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
if(data.risk === undefined){
const err2 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "risk"},message:"must have required property '"+"risk"+"'"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
if(data.action === undefined){
const err3 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "action"},message:"must have required property '"+"action"+"'"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(data.message === undefined){
const err4 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "message"},message:"must have required property '"+"message"+"'"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
for(const key0 in data){
if(!(func2.call(schema17.properties, key0))){
const err5 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data.id !== undefined){
let data0 = data.id;
if(typeof data0 === "string"){
if(!pattern0.test(data0)){
const err6 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/pattern",keyword:"pattern",params:{pattern: "^[A-Za-z0-9][A-Za-z0-9._:/-]*$"},message:"must match pattern \""+"^[A-Za-z0-9][A-Za-z0-9._:/-]*$"+"\""};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
else {
const err7 = {instancePath:instancePath+"/id",schemaPath:"#/properties/id/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data.description !== undefined){
if(typeof data.description !== "string"){
const err8 = {instancePath:instancePath+"/description",schemaPath:"#/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
if(data.match !== undefined){
if(!(validate14(data.match, {instancePath:instancePath+"/match",parentData:data,parentDataProperty:"match",rootData}))){
vErrors = vErrors === null ? validate14.errors : vErrors.concat(validate14.errors);
errors = vErrors.length;
}
}
if(data.risk !== undefined){
let data3 = data.risk;
if(typeof data3 !== "string"){
const err9 = {instancePath:instancePath+"/risk",schemaPath:"#/definitions/risk/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
if(!(((((data3 === "none") || (data3 === "low")) || (data3 === "medium")) || (data3 === "high")) || (data3 === "critical"))){
const err10 = {instancePath:instancePath+"/risk",schemaPath:"#/definitions/risk/enum",keyword:"enum",params:{allowedValues: schema21.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
if(data.action !== undefined){
if(!(validate16(data.action, {instancePath:instancePath+"/action",parentData:data,parentDataProperty:"action",rootData}))){
vErrors = vErrors === null ? validate16.errors : vErrors.concat(validate16.errors);
errors = vErrors.length;
}
}
if(data.message !== undefined){
if(typeof data.message !== "string"){
const err11 = {instancePath:instancePath+"/message",schemaPath:"#/properties/message/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data.alternative !== undefined){
if(typeof data.alternative !== "string"){
const err12 = {instancePath:instancePath+"/alternative",schemaPath:"#/properties/alternative/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
}
if(data.locked !== undefined){
if(typeof data.locked !== "boolean"){
const err13 = {instancePath:instancePath+"/locked",schemaPath:"#/properties/locked/type",keyword:"type",params:{type: "boolean"},message:"must be boolean"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data.examples !== undefined){
let data8 = data.examples;
if(data8 && typeof data8 == "object" && !Array.isArray(data8)){
for(const key1 in data8){
if(!((key1 === "match") || (key1 === "not_match"))){
const err14 = {instancePath:instancePath+"/examples",schemaPath:"#/definitions/examples/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key1},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
}
if(data8.match !== undefined){
let data9 = data8.match;
if(Array.isArray(data9)){
const len0 = data9.length;
for(let i0=0; i0<len0; i0++){
if(typeof data9[i0] !== "string"){
const err15 = {instancePath:instancePath+"/examples/match/" + i0,schemaPath:"#/definitions/examples/properties/match/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
}
else {
const err16 = {instancePath:instancePath+"/examples/match",schemaPath:"#/definitions/examples/properties/match/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
}
if(data8.not_match !== undefined){
let data11 = data8.not_match;
if(Array.isArray(data11)){
const len1 = data11.length;
for(let i1=0; i1<len1; i1++){
if(typeof data11[i1] !== "string"){
const err17 = {instancePath:instancePath+"/examples/not_match/" + i1,schemaPath:"#/definitions/examples/properties/not_match/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
}
else {
const err18 = {instancePath:instancePath+"/examples/not_match",schemaPath:"#/definitions/examples/properties/not_match/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
}
}
else {
const err19 = {instancePath:instancePath+"/examples",schemaPath:"#/definitions/examples/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
}
else {
const err20 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
validate13.errors = vErrors;
return errors === 0;
}


function validate10(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
for(const key0 in data){
if(!((((((key0 === "name") || (key0 === "description")) || (key0 === "extends")) || (key0 === "programs")) || (key0 === "environments")) || (key0 === "rules"))){
const err0 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
}
if(data.name !== undefined){
if(typeof data.name !== "string"){
const err1 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.description !== undefined){
if(typeof data.description !== "string"){
const err2 = {instancePath:instancePath+"/description",schemaPath:"#/properties/description/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.extends !== undefined){
let data2 = data.extends;
if((typeof data2 !== "string") && (!(Array.isArray(data2)))){
const err3 = {instancePath:instancePath+"/extends",schemaPath:"#/properties/extends/type",keyword:"type",params:{type: schema11.properties.extends.type},message:"must be string,array"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
if(Array.isArray(data2)){
const len0 = data2.length;
for(let i0=0; i0<len0; i0++){
if(typeof data2[i0] !== "string"){
const err4 = {instancePath:instancePath+"/extends/" + i0,schemaPath:"#/properties/extends/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
}
}
if(data.programs !== undefined){
let data4 = data.programs;
if(data4 && typeof data4 == "object" && !Array.isArray(data4)){
for(const key1 in data4){
let data5 = data4[key1];
if(data5 && typeof data5 == "object" && !Array.isArray(data5)){
for(const key2 in data5){
if(!(key2 === "options_with_value")){
const err5 = {instancePath:instancePath+"/programs/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/program/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
if(data5.options_with_value !== undefined){
let data6 = data5.options_with_value;
if(Array.isArray(data6)){
const len1 = data6.length;
for(let i1=0; i1<len1; i1++){
if(typeof data6[i1] !== "string"){
const err6 = {instancePath:instancePath+"/programs/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/options_with_value/" + i1,schemaPath:"#/definitions/program/properties/options_with_value/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
}
else {
const err7 = {instancePath:instancePath+"/programs/" + key1.replace(/~/g, "~0").replace(/\//g, "~1")+"/options_with_value",schemaPath:"#/definitions/program/properties/options_with_value/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
}
else {
const err8 = {instancePath:instancePath+"/programs/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/definitions/program/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
}
}
else {
const err9 = {instancePath:instancePath+"/programs",schemaPath:"#/properties/programs/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(data.environments !== undefined){
if(!(validate11(data.environments, {instancePath:instancePath+"/environments",parentData:data,parentDataProperty:"environments",rootData}))){
vErrors = vErrors === null ? validate11.errors : vErrors.concat(validate11.errors);
errors = vErrors.length;
}
}
if(data.rules !== undefined){
let data9 = data.rules;
if(Array.isArray(data9)){
const len2 = data9.length;
for(let i2=0; i2<len2; i2++){
if(!(validate13(data9[i2], {instancePath:instancePath+"/rules/" + i2,parentData:data9,parentDataProperty:i2,rootData}))){
vErrors = vErrors === null ? validate13.errors : vErrors.concat(validate13.errors);
errors = vErrors.length;
}
}
}
else {
const err10 = {instancePath:instancePath+"/rules",schemaPath:"#/properties/rules/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
}
}
else {
const err11 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
validate10.errors = vErrors;
return errors === 0;
}

export const tests = validate22;
const schema35 = {"$schema":"http://json-schema.org/draft-07/schema#","title":"shellgate rule tests","description":"Command lines and the verdicts they must get. See docs/rulesets.md.","type":"object","additionalProperties":false,"required":["cases"],"properties":{"name":{"type":"string"},"cases":{"type":"array","items":{"$ref":"#/definitions/case"}}},"definitions":{"case":{"type":"object","additionalProperties":false,"required":["command","expect"],"properties":{"name":{"type":"string","description":"A note shown with a failure."},"command":{"type":"string","description":"The command line to classify."},"env":{"type":"object","additionalProperties":{"type":["string","number","boolean"]},"description":"The environment variables the line sees."},"cwd":{"type":"string","description":"The working directory (default /home/dev/app)."},"actor":{"type":"string","enum":["agent","human"],"description":"Who types the line (default agent)."},"expect":{"$ref":"#/definitions/expect"}}},"expect":{"type":"object","additionalProperties":false,"minProperties":1,"properties":{"decision":{"type":"string","enum":["allow","confirm","deny"]},"risk":{"type":"string","enum":["none","low","medium","high","critical"]},"rule":{"type":["string","array"],"items":{"type":"string"},"description":"Rule id(s) that must be among the reasons."},"not_rule":{"type":["string","array"],"items":{"type":"string"},"description":"Rule id(s) that must not be among the reasons."},"environment":{"type":"string","enum":["production","staging","development","none"]}}}}};
const schema36 = {"type":"object","additionalProperties":false,"required":["command","expect"],"properties":{"name":{"type":"string","description":"A note shown with a failure."},"command":{"type":"string","description":"The command line to classify."},"env":{"type":"object","additionalProperties":{"type":["string","number","boolean"]},"description":"The environment variables the line sees."},"cwd":{"type":"string","description":"The working directory (default /home/dev/app)."},"actor":{"type":"string","enum":["agent","human"],"description":"Who types the line (default agent)."},"expect":{"$ref":"#/definitions/expect"}}};
const schema37 = {"type":"object","additionalProperties":false,"minProperties":1,"properties":{"decision":{"type":"string","enum":["allow","confirm","deny"]},"risk":{"type":"string","enum":["none","low","medium","high","critical"]},"rule":{"type":["string","array"],"items":{"type":"string"},"description":"Rule id(s) that must be among the reasons."},"not_rule":{"type":["string","array"],"items":{"type":"string"},"description":"Rule id(s) that must not be among the reasons."},"environment":{"type":"string","enum":["production","staging","development","none"]}}};

function validate23(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.command === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "command"},message:"must have required property '"+"command"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
if(data.expect === undefined){
const err1 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "expect"},message:"must have required property '"+"expect"+"'"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
for(const key0 in data){
if(!((((((key0 === "name") || (key0 === "command")) || (key0 === "env")) || (key0 === "cwd")) || (key0 === "actor")) || (key0 === "expect"))){
const err2 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.name !== undefined){
if(typeof data.name !== "string"){
const err3 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
if(data.command !== undefined){
if(typeof data.command !== "string"){
const err4 = {instancePath:instancePath+"/command",schemaPath:"#/properties/command/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
}
if(data.env !== undefined){
let data2 = data.env;
if(data2 && typeof data2 == "object" && !Array.isArray(data2)){
for(const key1 in data2){
let data3 = data2[key1];
if(((typeof data3 !== "string") && (!(typeof data3 == "number"))) && (typeof data3 !== "boolean")){
const err5 = {instancePath:instancePath+"/env/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"),schemaPath:"#/properties/env/additionalProperties/type",keyword:"type",params:{type: schema36.properties.env.additionalProperties.type},message:"must be string,number,boolean"};
if(vErrors === null){
vErrors = [err5];
}
else {
vErrors.push(err5);
}
errors++;
}
}
}
else {
const err6 = {instancePath:instancePath+"/env",schemaPath:"#/properties/env/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err6];
}
else {
vErrors.push(err6);
}
errors++;
}
}
if(data.cwd !== undefined){
if(typeof data.cwd !== "string"){
const err7 = {instancePath:instancePath+"/cwd",schemaPath:"#/properties/cwd/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err7];
}
else {
vErrors.push(err7);
}
errors++;
}
}
if(data.actor !== undefined){
let data5 = data.actor;
if(typeof data5 !== "string"){
const err8 = {instancePath:instancePath+"/actor",schemaPath:"#/properties/actor/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err8];
}
else {
vErrors.push(err8);
}
errors++;
}
if(!((data5 === "agent") || (data5 === "human"))){
const err9 = {instancePath:instancePath+"/actor",schemaPath:"#/properties/actor/enum",keyword:"enum",params:{allowedValues: schema36.properties.actor.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err9];
}
else {
vErrors.push(err9);
}
errors++;
}
}
if(data.expect !== undefined){
let data6 = data.expect;
if(data6 && typeof data6 == "object" && !Array.isArray(data6)){
if(Object.keys(data6).length < 1){
const err10 = {instancePath:instancePath+"/expect",schemaPath:"#/definitions/expect/minProperties",keyword:"minProperties",params:{limit: 1},message:"must NOT have fewer than 1 properties"};
if(vErrors === null){
vErrors = [err10];
}
else {
vErrors.push(err10);
}
errors++;
}
for(const key2 in data6){
if(!(((((key2 === "decision") || (key2 === "risk")) || (key2 === "rule")) || (key2 === "not_rule")) || (key2 === "environment"))){
const err11 = {instancePath:instancePath+"/expect",schemaPath:"#/definitions/expect/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key2},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err11];
}
else {
vErrors.push(err11);
}
errors++;
}
}
if(data6.decision !== undefined){
let data7 = data6.decision;
if(typeof data7 !== "string"){
const err12 = {instancePath:instancePath+"/expect/decision",schemaPath:"#/definitions/expect/properties/decision/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err12];
}
else {
vErrors.push(err12);
}
errors++;
}
if(!(((data7 === "allow") || (data7 === "confirm")) || (data7 === "deny"))){
const err13 = {instancePath:instancePath+"/expect/decision",schemaPath:"#/definitions/expect/properties/decision/enum",keyword:"enum",params:{allowedValues: schema37.properties.decision.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err13];
}
else {
vErrors.push(err13);
}
errors++;
}
}
if(data6.risk !== undefined){
let data8 = data6.risk;
if(typeof data8 !== "string"){
const err14 = {instancePath:instancePath+"/expect/risk",schemaPath:"#/definitions/expect/properties/risk/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err14];
}
else {
vErrors.push(err14);
}
errors++;
}
if(!(((((data8 === "none") || (data8 === "low")) || (data8 === "medium")) || (data8 === "high")) || (data8 === "critical"))){
const err15 = {instancePath:instancePath+"/expect/risk",schemaPath:"#/definitions/expect/properties/risk/enum",keyword:"enum",params:{allowedValues: schema37.properties.risk.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err15];
}
else {
vErrors.push(err15);
}
errors++;
}
}
if(data6.rule !== undefined){
let data9 = data6.rule;
if((typeof data9 !== "string") && (!(Array.isArray(data9)))){
const err16 = {instancePath:instancePath+"/expect/rule",schemaPath:"#/definitions/expect/properties/rule/type",keyword:"type",params:{type: schema37.properties.rule.type},message:"must be string,array"};
if(vErrors === null){
vErrors = [err16];
}
else {
vErrors.push(err16);
}
errors++;
}
if(Array.isArray(data9)){
const len0 = data9.length;
for(let i0=0; i0<len0; i0++){
if(typeof data9[i0] !== "string"){
const err17 = {instancePath:instancePath+"/expect/rule/" + i0,schemaPath:"#/definitions/expect/properties/rule/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err17];
}
else {
vErrors.push(err17);
}
errors++;
}
}
}
}
if(data6.not_rule !== undefined){
let data11 = data6.not_rule;
if((typeof data11 !== "string") && (!(Array.isArray(data11)))){
const err18 = {instancePath:instancePath+"/expect/not_rule",schemaPath:"#/definitions/expect/properties/not_rule/type",keyword:"type",params:{type: schema37.properties.not_rule.type},message:"must be string,array"};
if(vErrors === null){
vErrors = [err18];
}
else {
vErrors.push(err18);
}
errors++;
}
if(Array.isArray(data11)){
const len1 = data11.length;
for(let i1=0; i1<len1; i1++){
if(typeof data11[i1] !== "string"){
const err19 = {instancePath:instancePath+"/expect/not_rule/" + i1,schemaPath:"#/definitions/expect/properties/not_rule/items/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err19];
}
else {
vErrors.push(err19);
}
errors++;
}
}
}
}
if(data6.environment !== undefined){
let data13 = data6.environment;
if(typeof data13 !== "string"){
const err20 = {instancePath:instancePath+"/expect/environment",schemaPath:"#/definitions/expect/properties/environment/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err20];
}
else {
vErrors.push(err20);
}
errors++;
}
if(!((((data13 === "production") || (data13 === "staging")) || (data13 === "development")) || (data13 === "none"))){
const err21 = {instancePath:instancePath+"/expect/environment",schemaPath:"#/definitions/expect/properties/environment/enum",keyword:"enum",params:{allowedValues: schema37.properties.environment.enum},message:"must be equal to one of the allowed values"};
if(vErrors === null){
vErrors = [err21];
}
else {
vErrors.push(err21);
}
errors++;
}
}
}
else {
const err22 = {instancePath:instancePath+"/expect",schemaPath:"#/definitions/expect/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err22];
}
else {
vErrors.push(err22);
}
errors++;
}
}
}
else {
const err23 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err23];
}
else {
vErrors.push(err23);
}
errors++;
}
validate23.errors = vErrors;
return errors === 0;
}


function validate22(data, {instancePath="", parentData, parentDataProperty, rootData=data}={}){
let vErrors = null;
let errors = 0;
if(data && typeof data == "object" && !Array.isArray(data)){
if(data.cases === undefined){
const err0 = {instancePath,schemaPath:"#/required",keyword:"required",params:{missingProperty: "cases"},message:"must have required property '"+"cases"+"'"};
if(vErrors === null){
vErrors = [err0];
}
else {
vErrors.push(err0);
}
errors++;
}
for(const key0 in data){
if(!((key0 === "name") || (key0 === "cases"))){
const err1 = {instancePath,schemaPath:"#/additionalProperties",keyword:"additionalProperties",params:{additionalProperty: key0},message:"must NOT have additional properties"};
if(vErrors === null){
vErrors = [err1];
}
else {
vErrors.push(err1);
}
errors++;
}
}
if(data.name !== undefined){
if(typeof data.name !== "string"){
const err2 = {instancePath:instancePath+"/name",schemaPath:"#/properties/name/type",keyword:"type",params:{type: "string"},message:"must be string"};
if(vErrors === null){
vErrors = [err2];
}
else {
vErrors.push(err2);
}
errors++;
}
}
if(data.cases !== undefined){
let data1 = data.cases;
if(Array.isArray(data1)){
const len0 = data1.length;
for(let i0=0; i0<len0; i0++){
if(!(validate23(data1[i0], {instancePath:instancePath+"/cases/" + i0,parentData:data1,parentDataProperty:i0,rootData}))){
vErrors = vErrors === null ? validate23.errors : vErrors.concat(validate23.errors);
errors = vErrors.length;
}
}
}
else {
const err3 = {instancePath:instancePath+"/cases",schemaPath:"#/properties/cases/type",keyword:"type",params:{type: "array"},message:"must be array"};
if(vErrors === null){
vErrors = [err3];
}
else {
vErrors.push(err3);
}
errors++;
}
}
}
else {
const err4 = {instancePath,schemaPath:"#/type",keyword:"type",params:{type: "object"},message:"must be object"};
if(vErrors === null){
vErrors = [err4];
}
else {
vErrors.push(err4);
}
errors++;
}
validate22.errors = vErrors;
return errors === 0;
}

