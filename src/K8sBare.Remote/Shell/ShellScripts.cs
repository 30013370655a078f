using System.Text;
using K8sBare.Remote.Files;

namespace K8sBare.Remote.Shell;

/// <summary>
/// The POSIX shell scripts the shell-based transports (OpenSSH, Local) run. They only need what Debian,
/// Alpine/BusyBox and minimal images have: sh, mktemp, head, wc, sha256sum, base64, stat, chmod, chown, mv.
/// </summary>
internal static class ShellScripts
{
    public const int MissingFileExit = 44;
    public const string MissingMarker = "K8SBARE_MISSING";
    private const string HeredocEnd = "K8SBARE_EOF";

    /// <summary>Writes stdin (exactly <paramref name="size"/> bytes) to a temp file beside the target, verifies, renames.</summary>
    public static string AtomicWriteFromStdin(string path, long size, string sha256, UnixFileMode mode, string? owner, bool createParents)
    {
        var p = ShellQuote.Quote(path);
        var d = ShellQuote.Quote(RemotePath.Parent(path));
        var b = ShellQuote.Quote("." + Path.GetFileName(path.TrimEnd('/')) + ".k8sbare.XXXXXX");
        var sb = new StringBuilder();
        sb.Append("set -e; umask 077; ");
        if (createParents) sb.Append("mkdir -p ").Append(d).Append("; ");
        sb.Append("t=$(mktemp ").Append(d).Append('/').Append(b).Append("); ");
        sb.Append("trap 'rm -f \"$t\"' EXIT; trap 'rm -f \"$t\"; exit 129' HUP INT TERM PIPE; ");
        sb.Append("head -c ").Append(FileModes.Invariant(size)).Append(" > \"$t\"; ");
        sb.Append("n=$(wc -c < \"$t\"); if [ $((n)) -ne ").Append(FileModes.Invariant(size))
          .Append(" ]; then echo \"k8sbare: upload interrupted: received $((n)) of ").Append(FileModes.Invariant(size)).Append(" bytes for ").Append(EscapeForEcho(path)).Append("; the old file is unchanged\" >&2; exit 90; fi; ");
        sb.Append("h=$(sha256sum < \"$t\"); if [ \"${h%% *}\" != ").Append(sha256)
          .Append(" ]; then echo \"k8sbare: checksum mismatch for ").Append(EscapeForEcho(path)).Append("; the old file is unchanged\" >&2; exit 91; fi; ");
        sb.Append("chmod ").Append(FileModes.FormatShort(mode)).Append(" \"$t\"; ");
        if (owner is not null) sb.Append("chown ").Append(ShellQuote.Quote(owner)).Append(" \"$t\"; ");
        sb.Append("mv -f \"$t\" ").Append(p).Append("; trap - EXIT HUP INT TERM PIPE");
        return sb.ToString();
    }

    /// <summary>
    /// A script (fed to <c>sh -s</c>) writing many files from base64 heredocs, each atomically. The whole
    /// script is one function called on its last line, so a truncated script is a syntax error and runs nothing.
    /// </summary>
    public static string BatchWrite(IReadOnlyList<RemoteFile> files)
    {
        var sb = new StringBuilder(files.Sum(f => f.Content.Length * 4 / 3 + 256) + 1024);
        sb.Append("k8sbare_batch() {\n");
        sb.Append("set -e\numask 077\nt=\n");
        sb.Append("trap 'if [ -n \"$t\" ]; then rm -f \"$t\"; fi' EXIT\n");
        sb.Append("trap 'if [ -n \"$t\" ]; then rm -f \"$t\"; fi; exit 129' HUP INT TERM PIPE\n");
        sb.Append("w() {\n");
        sb.Append("  d=${1%/*}; [ -n \"$d\" ] || d=/; mkdir -p \"$d\"\n");
        sb.Append("  t=$(mktemp \"$d/.${1##*/}.k8sbare.XXXXXX\")\n");
        sb.Append("  if ! base64 -d > \"$t\"; then rm -f \"$t\"; echo \"k8sbare: decoding failed for $1\" >&2; exit 92; fi\n");
        sb.Append("  h=$(sha256sum < \"$t\"); if [ \"${h%% *}\" != \"$4\" ]; then rm -f \"$t\"; echo \"k8sbare: checksum mismatch for $1; the old file is unchanged\" >&2; exit 91; fi\n");
        sb.Append("  chmod \"$2\" \"$t\" || { rm -f \"$t\"; exit 93; }\n");
        sb.Append("  if [ -n \"$3\" ]; then chown \"$3\" \"$t\" || { rm -f \"$t\"; echo \"k8sbare: chown $3 failed for $1\" >&2; exit 94; }; fi\n");
        sb.Append("  mv -f \"$t\" \"$1\"\n  t=\n");
        sb.Append("}\n");
        foreach (var f in files)
        {
            sb.Append("w ").Append(ShellQuote.Quote(f.Path)).Append(' ').Append(FileModes.FormatShort(f.Mode)).Append(' ')
              .Append(f.Owner is null ? "''" : ShellQuote.Quote(f.Owner)).Append(' ').Append(f.Sha256)
              .Append(" <<'").Append(HeredocEnd).Append("'\n");
            sb.Append(Convert.ToBase64String(f.Content.Span, Base64FormattingOptions.InsertLineBreaks).Replace("\r\n", "\n", StringComparison.Ordinal));
            if (f.Content.Length > 0) sb.Append('\n');
            sb.Append(HeredocEnd).Append('\n');
        }
        sb.Append("echo k8sbare-batch-ok\n");
        sb.Append("}\n");
        sb.Append("k8sbare_batch\n");
        return sb.ToString();
    }

    /// <summary>One line per path: "i M" (missing), "i D mode owner size" or "i F sha mode owner size".</summary>
    public static string Stat(IReadOnlyList<string> paths)
    {
        var sb = new StringBuilder();
        sb.Append("s() { if [ -d \"$2\" ]; then printf '%s D %s\\n' \"$1\" \"$(stat -c '%a %U:%G %s' \"$2\" 2>/dev/null)\"; ");
        sb.Append("elif [ -e \"$2\" ]; then h=$(sha256sum < \"$2\" 2>/dev/null) || h=-; printf '%s F %s %s\\n' \"$1\" \"${h%% *}\" \"$(stat -c '%a %U:%G %s' \"$2\" 2>/dev/null)\"; ");
        sb.Append("else printf '%s M\\n' \"$1\"; fi; }\n");
        for (var i = 0; i < paths.Count; i++)
            sb.Append("s ").Append(i).Append(' ').Append(ShellQuote.Quote(paths[i])).Append('\n');
        return sb.ToString();
    }

    public static string ReadFile(string path)
    {
        var p = ShellQuote.Quote(path);
        return $"if [ -e {p} ]; then exec cat -- {p}; else echo {MissingMarker} >&2; exit {MissingFileExit}; fi";
    }

    public static string EnsureDirectory(string path, UnixFileMode? mode, string? owner)
    {
        var p = ShellQuote.Quote(path);
        var sb = new StringBuilder();
        sb.Append("set -e; c=0; if [ ! -d ").Append(p).Append(" ]; then mkdir -p ").Append(p).Append("; c=1; fi; ");
        if (mode is { } m)
        {
            var want = FileModes.FormatShort(m);
            sb.Append("if [ \"$(stat -c %a ").Append(p).Append(")\" != ").Append(want).Append(" ]; then chmod ").Append(want).Append(' ').Append(p).Append("; c=1; fi; ");
        }
        if (owner is not null)
        {
            var fmt = owner.Contains(':', StringComparison.Ordinal) ? "%U:%G" : "%U";
            sb.Append("if [ \"$(stat -c ").Append(fmt).Append(' ').Append(p).Append(")\" != ").Append(ShellQuote.Quote(owner))
              .Append(" ]; then chown ").Append(ShellQuote.Quote(owner)).Append(' ').Append(p).Append("; c=1; fi; ");
        }
        sb.Append("echo $c");
        return sb.ToString();
    }

    public static string Remove(string path)
    {
        var p = ShellQuote.Quote(path);
        return $"if [ -e {p} ] || [ -L {p} ]; then rm -rf -- {p}; echo 1; else echo 0; fi";
    }

    private static string EscapeForEcho(string path) => path.Replace("\"", "", StringComparison.Ordinal).Replace("$", "", StringComparison.Ordinal).Replace("`", "", StringComparison.Ordinal).Replace("'", "", StringComparison.Ordinal).Replace("\\", "", StringComparison.Ordinal);
}
