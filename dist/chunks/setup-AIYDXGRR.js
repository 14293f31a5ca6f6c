import { createRequire as __earshotCreateRequire } from 'node:module'; const require = __earshotCreateRequire(import.meta.url);
import{a,b}from"./chunk-ZXA3YAZK.js";import"./chunk-IMZIMWIN.js";import"./chunk-6ZZOXTYI.js";export{a as reportClock,b as reportJson};
