import { createRequire as __earshotCreateRequire } from 'node:module'; const require = __earshotCreateRequire(import.meta.url);
import{a,b,c}from"./chunk-VI3SROUQ.js";import"./chunk-6ZZOXTYI.js";export{a as contains,c as load,b as merge};
