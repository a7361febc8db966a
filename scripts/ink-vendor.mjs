// What dist/ink.mjs holds (build-options.mjs): Ink and the one React it renders with. The shell's
// script requires "ink", "react" and "react/jsx-runtime" from it (kshell-bin.mjs); a second React
// (Node's, beside this one) would render nothing.
export * from "ink";
export { default as React } from "react";
export { default as jsxRuntime } from "react/jsx-runtime";
