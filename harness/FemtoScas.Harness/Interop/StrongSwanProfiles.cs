using System.Globalization;
using System.Net;
using System.Text;

namespace FemtoScas.Harness.Interop;

/// <summary>
/// What a charon in <see cref="StrongSwanNamespace"/> is configured with: its credentials (PEM
/// files), whom it expects, what it proposes. Rendered into swanctl.conf (the vici "connections"
/// and "pools" sections); the private key goes to swanctl's private/ folder, not into the file.
/// </summary>
public abstract record StrongSwanProfile
{
    public required string CertificatePemPath { get; init; }
    public required string PrivateKeyPemPath { get; init; }
    public required string CaCertificatePemPath { get; init; }
    public required string LocalIdentity { get; init; }

    /// <summary>The identity the peer must prove; null accepts any identity its certificate chains to the CA for.</summary>
    public string? RemoteIdentity { get; init; }
    /// <summary>
    /// swanctl remote auth: "pubkey", or with trust-chain constraints (key strength and hash
    /// algorithms, e.g. "rsa-2048-sha256-ecdsa-256-sha256", see swanctl.conf(5)).
    /// </summary>
    public string RemoteAuth { get; init; } = "pubkey";
    public string IkeProposals { get; init; } = "aes256gcm16-prfsha384-ecp384";
    public string EspProposals { get; init; } = "aes256gcm16";

    /// <summary>charon's own address: the namespace side of its veth pair (a run slot's when runs go side by side).</summary>
    public System.Net.IPAddress LocalAddress { get; init; } = StrongSwanNamespace.NamespaceAddress;

    /// <summary>The connection and child names used in swanctl.conf and for swanctl's --ike/--child.</summary>
    public string ConnectionName { get; init; } = "segw";
    public string ChildName { get; init; } = "femto";

    /// <summary>charon's liveness check interval (swanctl dpd_delay); null: no DPD of its own.</summary>
    public TimeSpan? DpdDelay { get; init; }

    /// <summary>charon's NAT keepalive interval (strongswan.conf charon.keep_alive; strongSwan's default 20 s); null: the default.</summary>
    public TimeSpan? NatKeepalive { get; init; }

    /// <summary>charon's log level for the "ike" group: 2 shows every exchange, 0 keeps a benchmark quiet.</summary>
    public int IkeLogLevel { get; init; } = 2;

    /// <summary>charon's log level for every other group (1 logs each packet sent and received; -1 silences them).</summary>
    public int DefaultLogLevel { get; init; } = 1;

    /// <summary>Further CA certificates charon trusts beside <see cref="CaCertificatePemPath"/> (a second operator root).</summary>
    public IReadOnlyList<string> AdditionalCaCertificatePemPaths { get; init; } = [];

    /// <summary>swanctl version: 2 (IKEv2), 1 (IKEv1) or 0 (either).</summary>
    public int IkeVersion { get; init; } = 2;

    /// <summary>swanctl send_cert of the connection (always, ifasked, never); null: strongSwan's default (ifasked).</summary>
    public string? SendCert { get; init; }

    /// <summary>swanctl remote.revocation (relaxed, ifuri, strict); null: strongSwan's default (relaxed).</summary>
    public string? Revocation { get; init; }

    /// <summary>IKE SA rekey_time; null: strongSwan's default.</summary>
    public TimeSpan? IkeRekeyTime { get; init; }

    /// <summary>CHILD_SA rekey_time; null: strongSwan's default.</summary>
    public TimeSpan? ChildRekeyTime { get; init; }

    /// <summary>CHILD_SA life_time; null: strongSwan's default.</summary>
    public TimeSpan? ChildLifeTime { get; init; }

    /// <summary>CHILD_SA replay_window in packets; null: strongSwan's default.</summary>
    public int? ReplayWindow { get; init; }

    internal abstract string RenderSwanctlConf();

    private static string Seconds(TimeSpan t) => ((long)Math.Max(1, t.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + "s";

    // An identity with spaces or commas (a DN) is one quoted swanctl value; the DUT profile loader refuses quotes, braces and newlines in it.
    private static string Id(string identity) => identity.Any(c => c is ' ' or ',' or '=') ? "\"" + identity + "\"" : identity;

    /// <summary>The CHILD_SA lines of the optional settings (rekey and life time, replay window), indented for a children block.</summary>
    private protected string ChildExtras()
    {
        var text = new StringBuilder();
        if (ChildRekeyTime is { } rekey) text.Append("        rekey_time = ").Append(Seconds(rekey)).Append('\n');
        if (ChildLifeTime is { } life) text.Append("        life_time = ").Append(Seconds(life)).Append('\n');
        if (ReplayWindow is { } window) text.Append("        replay_window = ").Append(window.ToString(CultureInfo.InvariantCulture)).Append('\n');
        return text.ToString();
    }

    private protected string Common()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"""
                version = {IkeVersion}
                proposals = {IkeProposals}
                mobike = no

            """);
        if (SendCert is { } sendCert)
        {
            text.Append(CultureInfo.InvariantCulture, $"    send_cert = {sendCert}\n");
        }

        if (IkeRekeyTime is { } ikeRekey)
        {
            text.Append(CultureInfo.InvariantCulture, $"    rekey_time = {Seconds(ikeRekey)}\n");
        }

        if (DpdDelay is { } dpd)
        {
            text.Append(CultureInfo.InvariantCulture, $"    dpd_delay = {(int)Math.Max(1, dpd.TotalSeconds)}s\n");
        }

        text.Append(CultureInfo.InvariantCulture, $$"""
                local {
                  auth = pubkey
                  certs = {{CertificatePemPath}}
                  id = {{Id(LocalIdentity)}}
                }
                remote {
                  auth = {{RemoteAuth}}
                  cacerts = {{string.Join(",", [CaCertificatePemPath, .. AdditionalCaCertificatePemPaths])}}
                  {{(RemoteIdentity is null ? "" : "id = " + Id(RemoteIdentity))}}
                  {{(Revocation is null ? "" : "revocation = " + Revocation)}}
                }

            """);
        return text.ToString();
    }
}

/// <summary>charon as the femto stand-in: the IKEv2 initiator toward a SeGW, asking for a virtual IP with CP.</summary>
public sealed record StrongSwanInitiatorProfile : StrongSwanProfile
{
    /// <summary>The SeGW's IKE endpoint; charon floats to the SeGW's 4500 only when this port is 500 (RFC 7296 2.23).</summary>
    public IPEndPoint Remote { get; init; } = new(StrongSwanNamespace.HostAddress, 500);

    /// <summary>Ask for an INTERNAL_IP4_ADDRESS (swanctl vips = 0.0.0.0).</summary>
    public bool RequestVirtualIp { get; init; } = true;

    internal override string RenderSwanctlConf() => $$"""
        connections {
          {{ConnectionName}} {
            local_addrs = {{LocalAddress}}
            remote_addrs = {{Remote.Address}}
            {{(Remote.Port == 500 ? "" : "remote_port = " + Remote.Port.ToString(CultureInfo.InvariantCulture))}}
            {{(RequestVirtualIp ? "vips = 0.0.0.0" : "")}}
        {{Common()}}
            children {
              {{ChildName}} {
                esp_proposals = {{EspProposals}}
                remote_ts = 0.0.0.0/0
                start_action = none
        {{ChildExtras()}}
              }
            }
          }
        }
        """;
}

/// <summary>charon as an IKEv2 responder (a SeGW stand-in) that hands out virtual IPs from a pool.</summary>
public sealed record StrongSwanResponderProfile : StrongSwanProfile
{
    /// <summary>The virtual IP pool (CIDR) charon answers CP requests from.</summary>
    public string AddressPool { get; init; } = "10.46.0.0/24";

    internal override string RenderSwanctlConf() => $$"""
        connections {
          {{ConnectionName}} {
            local_addrs = {{LocalAddress}}
            pools = fscaspool
        {{Common()}}
            children {
              {{ChildName}} {
                esp_proposals = {{EspProposals}}
                local_ts = 0.0.0.0/0
        {{ChildExtras()}}
              }
            }
          }
        }
        pools {
          fscaspool {
            addrs = {{AddressPool}}
          }
        }
        """;
}
