// Installing the published releases (and, when needed, a Node.js runtime) at run time into
// conformance/openclaw/.cache/. Nothing of upstream is ever committed.
//
// Layout:
//   .cache/npm/                      npm's download cache (shared by the installs below)
//   .cache/releases/<version>/       a tiny private package depending on openclaw@<version>
//     node_modules/openclaw/dist/    the published build that is called
//     .installed                     written last: marks a complete install
//   .cache/node/<version>/           node-<platform>-<arch>@<version> from the npm registry

import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

export class InstallError extends Error {}

/** Pinned Node.js runtime used when the running node does not satisfy the releases' engines. */
export const RUNTIME_NODE_VERSION = "24.21.0";

function npmCommand() {
  return process.platform === "win32" ? "npm.cmd" : "npm";
}

function runNpm(args, { cwd, timeoutMs, log }) {
  return new Promise((resolve, reject) => {
    let child;
    try {
      child = spawn(npmCommand(), args, {
        cwd,
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, npm_config_update_notifier: "false", npm_config_fund: "false" },
        shell: process.platform === "win32",
      });
    } catch (e) {
      reject(new InstallError(`cannot start npm: ${e.message}`));
      return;
    }
    let output = "";
    const collect = (d) => {
      output += d;
      if (output.length > 200_000) output = output.slice(-100_000);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    const timer = setTimeout(() => {
      child.kill("SIGTERM");
      output += `\n[killed after ${Math.round(timeoutMs / 1000)} s]`;
    }, timeoutMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(new InstallError(`cannot start npm (${e.code ?? e.message}); is npm on PATH?`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else {
        const tail = output.trim().split("\n").slice(-15).join("\n");
        const errno = /\b(E[A-Z0-9_]{3,})\b/.exec(output)?.[1];
        const registry = process.env.npm_config_registry || "the configured registry";
        const summary = errno ? `${errno} from ${registry}` : signal ?? `npm exited ${code}`;
        reject(
          new InstallError(
            `${log}: ${summary}\n  (npm ${args.join(" ")})\n${tail.replace(/^/gm, "  | ")}`,
          ),
        );
      }
    });
  });
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

/**
 * Make sure openclaw@version is installed in the cache; return its package directory.
 * @returns {Promise<{pkgDir: string, distDir: string, fresh: boolean, seconds: number}>}
 */
export async function ensureRelease(cacheDir, version, { timeoutMs, onProgress }) {
  const dir = path.join(cacheDir, "releases", version);
  const pkgDir = path.join(dir, "node_modules", "openclaw");
  const marker = path.join(dir, ".installed");
  const have = readJson(path.join(pkgDir, "package.json"));
  if (fs.existsSync(marker) && have?.version === version) {
    // Node resolves modules through symlinks (a linked cache directory): the worker's hook
    // matches chunks by their resolved URL, so hand it the real path.
    const real = fs.realpathSync(pkgDir);
    return { pkgDir: real, distDir: path.join(real, "dist"), fresh: false, seconds: 0 };
  }
  const started = Date.now();
  onProgress?.(`installing openclaw@${version} from the npm registry (npm install, first run only)`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, "package.json"),
    `${JSON.stringify(
      {
        name: `heartbeat-spec-conformance-openclaw-${version.replaceAll(".", "-")}`,
        private: true,
        description: "Run-time install of a published openclaw release for the conformance runner",
        dependencies: { openclaw: version },
      },
      null,
      2,
    )}\n`,
  );
  await runNpm(
    [
      "install",
      "--ignore-scripts",
      "--omit=optional",
      "--omit=dev",
      "--no-audit",
      "--no-fund",
      "--prefer-offline",
      "--loglevel=error",
      "--engine-strict=false",
      `--cache=${path.join(cacheDir, "npm")}`,
    ],
    { cwd: dir, timeoutMs, log: `openclaw@${version}` },
  );
  const got = readJson(path.join(pkgDir, "package.json"));
  if (got?.version !== version) {
    throw new InstallError(
      `npm install finished but ${pkgDir} holds ${got?.version ?? "nothing"}, not ${version}`,
    );
  }
  if (!fs.existsSync(path.join(pkgDir, "dist"))) {
    throw new InstallError(`openclaw@${version} has no dist/ directory`);
  }
  fs.writeFileSync(marker, `${new Date().toISOString()}\n`);
  const real = fs.realpathSync(pkgDir);
  return {
    pkgDir: real,
    distDir: path.join(real, "dist"),
    fresh: true,
    seconds: (Date.now() - started) / 1000,
  };
}

/**
 * Install node-<platform>-<arch>@RUNTIME_NODE_VERSION (the official Node.js binaries that the
 * npm registry publishes; the `node` package's own install script fetches the same package)
 * and return the path of its `node` binary.
 */
export async function ensureNodeRuntime(cacheDir, { timeoutMs, onProgress }) {
  const version = RUNTIME_NODE_VERSION;
  const platform = process.platform === "win32" ? "win" : process.platform;
  const pkg = `node-${platform}-${process.arch}`;
  const dir = path.join(cacheDir, "node", version);
  const binary =
    process.platform === "win32"
      ? path.join(dir, "node_modules", pkg, "bin", "node.exe")
      : path.join(dir, "node_modules", pkg, "bin", "node");
  const marker = path.join(dir, ".installed");
  if (fs.existsSync(marker) && fs.existsSync(binary)) {
    return { binary, version, package: `${pkg}@${version}`, fresh: false };
  }
  onProgress?.(`installing Node.js ${version} (${pkg}) from the npm registry (first run only)`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, "package.json"),
    `${JSON.stringify({ name: "heartbeat-spec-conformance-node", private: true }, null, 2)}\n`,
  );
  try {
    await runNpm(
      [
        "install",
        `${pkg}@${version}`,
        "--ignore-scripts",
        "--no-audit",
        "--no-fund",
        "--prefer-offline",
        "--loglevel=error",
        `--cache=${path.join(cacheDir, "npm")}`,
      ],
      { cwd: dir, timeoutMs, log: `${pkg}@${version}` },
    );
  } catch (e) {
    throw new InstallError(
      `${e.message}\nThe npm registry may not publish Node.js binaries for ${process.platform}-${process.arch}; ` +
        "install Node.js >= 24.16 yourself and pass --node PATH (or run with it).",
    );
  }
  if (!fs.existsSync(binary)) throw new InstallError(`${pkg}@${version} has no ${binary}`);
  fs.writeFileSync(marker, `${new Date().toISOString()}\n`);
  return { binary, version, package: `${pkg}@${version}`, fresh: true };
}
