using Org.BouncyCastle.Tls;

namespace FemtoScas.Harness.Crypto.Tls;

/// <summary>TLS protocol versions by the names profiles and reports use ("TLS 1.2").</summary>
public static class TlsVersionName
{
    public static readonly IReadOnlyList<string> Probeable = ["TLS 1.0", "TLS 1.1", "TLS 1.2", "TLS 1.3"];

    internal static ProtocolVersion ToProtocol(string name) => name switch
    {
        "TLS 1.0" => ProtocolVersion.TLSv10,
        "TLS 1.1" => ProtocolVersion.TLSv11,
        "TLS 1.2" => ProtocolVersion.TLSv12,
        "TLS 1.3" => ProtocolVersion.TLSv13,
        _ => throw new ArgumentException($"'{name}' is not a TLS version this prober can offer ({string.Join(", ", Probeable)})", nameof(name)),
    };

    internal static string FromProtocol(ProtocolVersion v) =>
        v.Equals(ProtocolVersion.TLSv13) ? "TLS 1.3"
        : v.Equals(ProtocolVersion.TLSv12) ? "TLS 1.2"
        : v.Equals(ProtocolVersion.TLSv11) ? "TLS 1.1"
        : v.Equals(ProtocolVersion.TLSv10) ? "TLS 1.0"
        : v.Equals(ProtocolVersion.SSLv3) ? "SSL 3.0"
        : v.ToString();
}
