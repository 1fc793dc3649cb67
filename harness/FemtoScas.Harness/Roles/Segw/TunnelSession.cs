using System.Net;
using FemtoScas.Harness.Crypto.X509;
using FemtoScas.Harness.Esp;
using FemtoScas.Harness.Ike.Roles;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Roles;

namespace FemtoScas.Harness.Roles.Segw;

/// <summary>
/// The harness SeGW as test cases use it toward the DUT: one responder per attempt on the
/// PIXIT's harness address, presenting a test-PKI certificate, recorded into the test's pcapng;
/// the DUT's tunnel triggered toward it and the attempt followed until it settles; the lab SAs'
/// Wireshark key tables written into the evidence at the end.
/// </summary>
public sealed class SegwForDut : IAsyncDisposable
{
    private readonly IRoleScope _t;
    private readonly List<SegwResponder> _responders = [];
    private readonly Dictionary<SegwResponder, string> _presenting = [];

    public SegwForDut(IRoleScope t)
    {
        _t = t;
        Pki = TestPki.Load(TestPki.FindFixturesDirectory(AppContext.BaseDirectory)
            ?? throw new HarnessEnvironmentException($"no fixtures/pki above {AppContext.BaseDirectory}: the harness SeGW has no certificates"));
    }

    public TestPkiSet Pki { get; }

    /// <summary>The NAT-T port (RFC 3948): a femto that detects or forces NAT floats there (RFC 7296 2.23).</summary>
    public const int NatTPort = Ike.Transport.IkePorts.NatT;

    /// <summary>
    /// Where a harness SeGW listens for IKE: the PIXIT's harness address, on PIXIT segwIkePort (500 for
    /// a physical femto, which cannot be told another port) or else an ephemeral port.
    /// </summary>
    public static IPEndPoint IkeEndPoint(IRoleScope t) => new(t.Pixit.HarnessAddress, t.Pixit.SegwIkePort ?? 0);

    /// <summary>
    /// A SeGW on <paramref name="options"/> that also listens on the harness address's port 4500 when
    /// it is free (strongSwan's kernel-libipsec always floats there); without it a floating DUT
    /// cannot finish IKE_AUTH, which the step log then says.
    /// </summary>
    public static SegwResponder CreateWithNatT(IRoleScope t, SegwOptions options)
    {
        try
        {
            return new SegwResponder(options with { NatTLocalEndPoint = new IPEndPoint(t.Pixit.HarnessAddress, NatTPort) });
        }
        catch (InvalidOperationException e)
        {
            t.Step($"no NAT-T socket for the harness SeGW ({e.Message}): a DUT that floats to port {NatTPort} cannot complete IKE_AUTH");
            return new SegwResponder(options);
        }
    }

    /// <summary>
    /// The test SeGW's settings: conformant proposals, <paramref name="presented"/> as its credential,
    /// the operator roots as trust anchors (the SeGW's own check of the DUT is not what these cases
    /// test), the PIXIT's harness address, every datagram into the test's pcapng.
    /// </summary>
    public static SegwOptions OptionsFor(IRoleScope t, TestPkiSet pki, TestPkiEntry presented) => new()
    {
        IkeProposals = ["aes256gcm16-prfsha384-ecp384", "aes128-sha256-modp2048"],
        Credentials = IkeCredentials.FromTestPki(presented),
        TrustAnchors = [.. pki.OperatorTrustAnchors.Select(e => e.CertificateDer)],
        LocalEndPoint = IkeEndPoint(t),
        MaxRetransmits = 2,
        DatagramObserver = (source, destination, octets) => t.Recorder.Datagram(source, destination, octets, $"SeGW presenting {presented.Name}"),
    };

    /// <summary>
    /// Starts a SeGW presenting <paramref name="certificate"/> (<paramref name="adjust"/> adds
    /// misbehaviour or EAP); the SeGWs of earlier attempts stop listening first, so port 4500 passes on.
    /// </summary>
    public async Task<SegwResponder> StartAsync(string certificate, Func<SegwOptions, SegwOptions>? adjust = null)
    {
        foreach (var earlier in _responders) await earlier.CloseAsync().ConfigureAwait(false);
        var options = OptionsFor(_t, Pki, Pki[certificate]);
        var responder = CreateWithNatT(_t, adjust?.Invoke(options) ?? options);
        _responders.Add(responder);
        _presenting[responder] = $"harness SeGW presenting {certificate}";
        responder.Start();
        return responder;
    }

    /// <summary>
    /// Triggers the DUT toward <paramref name="responder"/> (<see cref="TunnelTrigger"/>: by its
    /// controller, or by the operator on a physical femto) and waits (bounded by the PIXIT response
    /// timeout) until an IKE SA is established, failed or deleted. Null with the reason when the DUT
    /// was not triggered or started no IKE at all.
    /// </summary>
    public async Task<(IkeSa? Sa, string Why)> TriggerAsync(SegwResponder responder)
    {
        // The NAT-T endpoint goes along, so a DUT that can be told (SimFemto) sends ESP-in-UDP there.
        var what = _presenting.GetValueOrDefault(responder, $"harness SeGW at {responder.LocalEndPoint}");
        if (await TunnelTrigger.TriggerAsync(_t, responder, what, tellNatT: true).ConfigureAwait(false) is { Triggered: false } trigger)
            return (null, trigger.Why);
        var wait = _t.Pixit.ResponseTimeout * 3;
        var sa = await responder.WaitForAsync(s => s.State is IkeSaState.Established or IkeSaState.Failed or IkeSaState.Deleted, wait).ConfigureAwait(false);
        if (sa is not null) return (sa, "");
        return (null, responder.Sas.Count > 0 ? $"the DUT started IKE but did not finish IKE_AUTH within {wait.TotalSeconds:0} s" : $"the DUT sent no IKE_SA_INIT within {wait.TotalSeconds:0} s");
    }

    /// <summary>Writes the Wireshark key tables of every lab SA so the pcapng decrypts.</summary>
    public void WriteKeyTables()
    {
        var sas = _responders.SelectMany(r => r.Sas).Where(s => s.Keys is not null).ToList();
        _t.Evidence.NewFile(WiresharkKeyTables.IkeV2TableFileName, "key-table", "Wireshark ikev2_decryption_table of the lab IKE SAs (test keys)");
        _t.Evidence.NewFile(WiresharkKeyTables.EspTableFileName, "key-table", "Wireshark esp_sa table of the lab CHILD_SAs (test keys)");
        WiresharkKeyTables.Write(_t.Evidence.Directory, sas);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var responder in _responders) await responder.DisposeAsync().ConfigureAwait(false);
    }
}
