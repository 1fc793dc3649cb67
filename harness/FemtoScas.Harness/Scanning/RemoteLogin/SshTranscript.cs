using System.Text;

namespace FemtoScas.Harness.Scanning.RemoteLogin;

/// <summary>What one OpenSSH client login attempt came to, read from its verbose transcript.</summary>
public enum SshLoginOutcome
{
    /// <summary>"Authenticated to HOST ([ADDR]:PORT) using "METHOD"": the server accepted the credential.</summary>
    Authenticated,
    /// <summary>"Permission denied (...)" or "Too many authentication failures": the server refused it.</summary>
    Refused,
    /// <summary>The TCP connection was refused, timed out or had no route: nothing was judged.</summary>
    ConnectFailed,
    /// <summary>"Host key verification failed.": the host key was not the pinned one.</summary>
    HostKeyRejected,
    /// <summary>The client could not use the private key (permissions, format): a lab or harness problem.</summary>
    KeyUnusable,
    /// <summary>The server closed or reset the connection before any authentication result.</summary>
    ClosedBeforeAuthentication,
    /// <summary>None of the above in the transcript (cut off, time limit, an unknown client).</summary>
    Unrecognised,
}

/// <summary>
/// The reader of an OpenSSH client's <c>-v</c> transcript (its standard error), hostile input: the
/// server's version string and disconnect messages are the DUT's text. Bounded: the first
/// <see cref="MaxOctets"/> octets, lines cut at <see cref="MaxLine"/> characters, control characters
/// shown as '?'. Lenient: an unknown line is ignored, an unrecognised whole is an outcome, never an
/// exception. The outcome is decided by the client's own result lines, the strongest first: an
/// authentication reported wins over a later disconnect.
/// </summary>
public sealed record SshTranscript(SshLoginOutcome Outcome, string? Method, string? ServerSoftware, IReadOnlyList<string> MethodsOffered, string? Detail)
{
    public const int MaxOctets = 64 * 1024;
    public const int MaxLine = 512;

    public static SshTranscript Parse(ReadOnlySpan<byte> octets) => Parse(Encoding.UTF8.GetString(octets[..Math.Min(octets.Length, MaxOctets)]));

    public static SshTranscript Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxOctets) text = text[..MaxOctets];
        string? authenticatedMethod = null, server = null, refused = null, connect = null, hostKey = null, key = null, closed = null;
        var offered = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            var line = Printable(raw.TrimEnd('\r'));
            if (line.Length == 0) continue;
            const string Version = "remote software version ";
            if (server is null && line.Contains("Remote protocol version", StringComparison.Ordinal) && line.IndexOf(Version, StringComparison.Ordinal) is var v and >= 0)
                server = line[(v + Version.Length)..].Trim();
            const string CanContinue = "Authentications that can continue: ";
            if (line.IndexOf(CanContinue, StringComparison.Ordinal) is var c and >= 0)
            {
                foreach (var m in line[(c + CanContinue.Length)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    if (offered.Count < 16 && !offered.Contains(m)) offered.Add(m);
            }
            if (authenticatedMethod is null && line.StartsWith("Authenticated to ", StringComparison.Ordinal))
                authenticatedMethod = Between(line, " using \"", "\"") ?? "unknown method";
            // The client's result lines carry no "debug" prefix; the server's version string does, so it cannot pose as one.
            var debug = line.StartsWith("debug", StringComparison.Ordinal);
            if (!debug && refused is null && (line.Contains(": Permission denied (", StringComparison.Ordinal) || line.StartsWith("Permission denied (", StringComparison.Ordinal)
                    || line.Contains("Too many authentication failures", StringComparison.Ordinal)))
                refused = line;
            if (connect is null && line.StartsWith("ssh: connect to host ", StringComparison.Ordinal))
                connect = line;
            if (connect is null && line.StartsWith("ssh: Could not resolve hostname", StringComparison.Ordinal))
                connect = line;
            if (hostKey is null && (line.StartsWith("Host key verification failed", StringComparison.Ordinal) || line.Contains("REMOTE HOST IDENTIFICATION HAS CHANGED", StringComparison.Ordinal)))
                hostKey = line;
            if (key is null && (line.StartsWith("Load key ", StringComparison.Ordinal) || line.Contains("UNPROTECTED PRIVATE KEY FILE", StringComparison.Ordinal)))
                key = line;
            if (closed is null && (line.StartsWith("Connection closed by ", StringComparison.Ordinal) || line.StartsWith("kex_exchange_identification:", StringComparison.Ordinal)
                    || line.StartsWith("Connection reset by ", StringComparison.Ordinal) || line.StartsWith("Received disconnect from ", StringComparison.Ordinal)))
                closed = line;
        }
        if (authenticatedMethod is not null) return new(SshLoginOutcome.Authenticated, authenticatedMethod, server, offered, null);
        if (refused is not null) return new(SshLoginOutcome.Refused, null, server, offered, refused);
        if (hostKey is not null) return new(SshLoginOutcome.HostKeyRejected, null, server, offered, hostKey);
        if (key is not null) return new(SshLoginOutcome.KeyUnusable, null, server, offered, key);
        if (connect is not null) return new(SshLoginOutcome.ConnectFailed, null, server, offered, connect);
        if (closed is not null) return new(SshLoginOutcome.ClosedBeforeAuthentication, null, server, offered, closed);
        return new(SshLoginOutcome.Unrecognised, null, server, offered, null);
    }

    /// <summary>
    /// The transcript as evidence: each secret value (a key file's path) replaced by its label, the
    /// labels' text then kept; bounded and printable as <see cref="Parse(string)"/> reads it.
    /// </summary>
    public static string Masked(string text, IReadOnlyList<(string Value, string Label)> secrets)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(secrets);
        if (text.Length > MaxOctets) text = text[..MaxOctets] + "\n[cut at " + MaxOctets + " characters]";
        foreach (var (value, label) in secrets.Where(s => s.Value.Length > 0).OrderByDescending(s => s.Value.Length))
            text = text.Replace(value, label, StringComparison.Ordinal);
        return string.Join('\n', text.Split('\n').Select(l => Printable(l.TrimEnd('\r'))));
    }

    private static string Printable(string line)
    {
        if (line.Length > MaxLine) line = line[..MaxLine] + "…";
        return string.Create(line.Length, line, static (span, l) =>
        {
            for (var i = 0; i < l.Length; i++) span[i] = char.IsControl(l[i]) && l[i] != '\t' ? '?' : l[i];
        });
    }

    private static string? Between(string line, string start, string end)
    {
        var a = line.IndexOf(start, StringComparison.Ordinal);
        if (a < 0) return null;
        a += start.Length;
        var b = line.IndexOf(end, a, StringComparison.Ordinal);
        return b < 0 || b - a > 64 ? null : line[a..b];
    }
}

/// <summary>One login attempt as evidence: who, what came of it, the masked transcript and the client run.</summary>
public sealed record SshLoginAttempt(string Role, string Username, int Attempt, SshTranscript Result, int ExitCode, bool TimedOut, TimeSpan Took,
    string ToolVersion, string MaskedCommandLine, string MaskedTranscript);
