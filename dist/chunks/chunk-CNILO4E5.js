import { createRequire as __earshotCreateRequire } from 'node:module'; const require = __earshotCreateRequire(import.meta.url);
var s={debug(){},info(){},warn(){},error(){}};function o(n=!1){let e=(r,g)=>process.stderr.write(`${r}${g}
`);return{debug:r=>{n&&e("  ",r)},info:r=>e("",r),warn:r=>e("warning: ",r),error:r=>e("error: ",r)}}export{s as a,o as b};
