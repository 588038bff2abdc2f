// Starts `cmlint lsp` for constitution files. The server does the work; this only launches it.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration("cmlint");
  const [command, ...args] = config.get("command", ["cmlint", "lsp"]);
  const pattern = config.get("files");
  const serverOptions = { command, args };
  const clientOptions = {
    documentSelector: [{ scheme: "file", pattern }],
    initializationOptions: { debounceMs: config.get("debounceMs", 300) },
    synchronize: {
      // A changed config file or rule pack re-checks every open constitution.
      fileEvents: vscode.workspace.createFileSystemWatcher("**/{cmlint.toml,.cmlint.toml,pyproject.toml,*.toml}"),
    },
  };
  client = new LanguageClient("cmlint", "cmlint", serverOptions, clientOptions);
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
