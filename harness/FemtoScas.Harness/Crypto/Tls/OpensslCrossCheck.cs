using System.Net;
using System.Text.RegularExpressions;
using FemtoScas.Harness.Tools;

namespace FemtoScas.Harness.Crypto.Tls;

/// <summary>
/// A second opinion on which TLS versions a server accepts, from OpenSSL's s_client (an
/// implementation independent of the prober's BouncyCastle stack). Security level 0 is set for
/// the legacy versions, or OpenSSL 3 would refuse to offer them at all.
/// </summary>
public static partial class OpensslCrossCheck
{
    public sealed record VersionCheck(string Version, bool Accepted, string? Cipher, ToolRun Run);

    private static readonly (string Version, string Flag)[] Versions =
        [("TLS 1.0", "-tls1"), ("TLS 1.1", "-tls1_1"), ("TLS 1.2", "-tls1_2"), ("TLS 1.3", "-tls1_3")];

    public static bool IsInstalled => ExternalTool.IsInstalled("openssl");

    public static async Task<IReadOnlyList<VersionCheck>> CheckAsync(IPEndPoint server, string? serverName, TimeSpan limit, CancellationToken ct)
    {
        var checks = new List<VersionCheck>();
        foreach (var (version, flag) in Versions)
        {
            var args = new List<string> { "s_client", "-connect", server.ToString(), flag, "-no_ign_eof" };
            if (serverName is not null) args.AddRange(["-servername", serverName]);
            if (version != "TLS 1.3") args.AddRange(["-cipher", "DEFAULT:@SECLEVEL=0"]);
            var run = await ExternalTool.RunAsync("openssl", args, limit, ct, versionArgument: "version").ConfigureAwait(false);
            // "New, TLSv1.2, Cipher is ECDHE-ECDSA-AES256-GCM-SHA384"; "(NONE)" when no session came up.
            var session = SessionLine().Match(run.StandardOutput);
            var accepted = session.Success && session.Groups[1].Value != "(NONE)" && session.Groups[2].Value != "(NONE)";
            checks.Add(new VersionCheck(version, accepted, accepted ? session.Groups[2].Value : null, run));
        }
        return checks;
    }

    [GeneratedRegex(@"^New, (\S+), Cipher is (\S+)", RegexOptions.Multiline)]
    private static partial Regex SessionLine();
}
