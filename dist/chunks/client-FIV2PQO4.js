import { createRequire as __earshotCreateRequire } from 'node:module'; const require = __earshotCreateRequire(import.meta.url);
import{a,b,c,d}from"./chunk-GTSBLBRB.js";import"./chunk-IMZIMWIN.js";import"./chunk-6ZZOXTYI.js";export{a as EarshotOctokit,c as createOctokit,b as isRateLimitError,d as octokitForRepo};
