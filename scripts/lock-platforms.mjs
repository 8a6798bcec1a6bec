#!/usr/bin/env node
// The npm registry this project is built against serves only some platforms' builds of packages
// that ship native binaries as optional dependencies (@biomejs/cli-*, @rollup/rollup-*). `npm
// install` then leaves those platforms out of package-lock.json, and `npm ci` refuses the lockfile
// as out of sync. This script adds the missing optional entries — version, os/cpu/libc from the
// package name, no download address — so npm ci skips them on other platforms exactly as it would
// had the registry listed them. Run it after changing dependencies: `node scripts/lock-platforms.mjs`.
import { readFileSync, writeFileSync } from "node:fs";

const path = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(path, "utf8"));
const packages = lock.packages;
const OS = ["android", "darwin", "freebsd", "linux", "openbsd", "openharmony", "sunos", "win32", "aix", "netbsd", "cygwin"];
const CPU = ["arm64", "x64", "ia32", "arm", "loong64", "ppc64", "riscv64", "s390x", "mips64el", "wasm32"];

const platformOf = (name) => {
  const parts = name.split("/").pop().split("-");
  const os = parts.find((p) => OS.includes(p));
  const cpu =
    parts.find((p) => CPU.includes(p)) ??
    (parts.includes("gnueabihf") || parts.includes("musleabihf") || parts.includes("eabi") ? "arm" : undefined);
  const libc =
    parts.includes("musl") || parts.includes("musleabihf")
      ? "musl"
      : parts.includes("gnu") || parts.includes("gnueabihf")
        ? "glibc"
        : undefined;
  return { os, cpu: cpu === "msvc" ? undefined : cpu, libc };
};

let added = 0;
for (const [where, pkg] of Object.entries(packages)) {
  for (const [dep, version] of Object.entries(pkg.optionalDependencies ?? {})) {
    const key = `node_modules/${dep}`;
    const nested = `${where}/node_modules/${dep}`;
    if (packages[key] || packages[nested]) continue;
    const { os, cpu, libc } = platformOf(dep);
    if (!os || !cpu) continue;
    const entry = { version, ...(pkg.dev ? { dev: true } : {}), optional: true, os: [os], cpu: [cpu] };
    if (libc && os === "linux") entry.libc = [libc];
    packages[key] = entry;
    added++;
  }
}
lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a < b ? -1 : a > b ? 1 : 0)),
);
writeFileSync(path, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`lock-platforms: added ${added} optional platform entries`);
