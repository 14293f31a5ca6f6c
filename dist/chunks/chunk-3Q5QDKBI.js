import { createRequire as __earshotCreateRequire } from 'node:module'; const require = __earshotCreateRequire(import.meta.url);
var t=["complaint","compliment","question","neutral"];export{t as a};
