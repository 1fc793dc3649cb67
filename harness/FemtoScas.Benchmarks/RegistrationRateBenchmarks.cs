using BenchmarkDotNet.Attributes;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Crypto.Nr;
using FemtoScas.Harness.Nas;
using FemtoScas.Harness.Nas.Ies;
using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Roles.Amf;
using FemtoScas.Harness.Roles.Ue;
using FemtoScas.Harness.SmartCard.Aka;
using NgapIes = FemtoScas.Harness.Ngap.Ies;

namespace FemtoScas.Benchmarks;

/// <summary>
/// UE registrations per second through the harness AMF's NAS security (issue 13 item 8), in process: the AMF side is
/// <see cref="AmfNasSecurity"/> (the type NRF-CAG-ACCESS and the N2/N3 trials drive through the femto), the UE side the
/// test USIM and UE NAS of <see cref="UeNasSecurity"/>, both with MILENAGE for the TS 35.208 test set 1 subscriber. One
/// operation is one initial registration of a fresh UE (its own SQN_MS, a new 5G NAS security context), every step
/// checked, so a broken exchange stops the run instead of being timed:
/// <list type="number">
/// <item>UE: REGISTRATION REQUEST with cleartext IEs only (null-scheme SUCI); AMF: reads it, its identity and UE security capability;</item>
/// <item>AMF: MILENAGE vector, AUTHENTICATION REQUEST (RAND, AUTN, ABBA); UE: AUTN check, RES*, K_AUSF, K_SEAF, K_AMF, AUTHENTICATION RESPONSE;
/// AMF: HRES*/HXRES* then RES*/XRES* check (5G AKA, TS 33.501 6.1.3.2);</item>
/// <item>AMF: algorithm selection, K_NASint/K_NASenc, SECURITY MODE COMMAND (header type 3); UE: verifies it, SECURITY MODE COMPLETE
/// (type 4) carrying the entire REGISTRATION REQUEST; AMF: verifies and deciphers it; AMF: K_gNB (TS 33.501 A.9);</item>
/// <item>AMF: REGISTRATION ACCEPT (5G-GUTI, allowed NSSAI, TAI list) ciphered and integrity protected; UE: verifies it, REGISTRATION
/// COMPLETE; AMF: verifies it.</item>
/// </list>
/// With <see cref="Ngap"/> each NAS PDU also travels in its NGAP message, encoded by the sender and parsed by the receiver
/// (ALIGNED PER, TS 38.413): INITIAL UE MESSAGE, two DOWNLINK NAS TRANSPORT and three UPLINK NAS TRANSPORT, and INITIAL CONTEXT
/// SETUP REQUEST with K_gNB and the REGISTRATION ACCEPT. No SCTP, no tunnel, no femto, no radio: the AMF's network I/O and
/// AmfRole's NGAP association handling are outside the figure.
/// </summary>
[ShortJob]
public class RegistrationRateBenchmarks
{
    /// <summary>With NGAP encoding and parsing of every NAS PDU's carrier message, or the NAS exchange alone.</summary>
    [Params(false, true)]
    public bool Ngap { get; set; }

    private const string Imsi = "001010000000101";
    private static readonly string Snn = FiveGKeyDerivation.ServingNetworkName("001", "01");
    private static readonly UeSecurityCapability Capability = UeSecurityCapability.Of([0, 1, 2, 3], [1, 2, 3]);
    private static readonly GutiIdentity Guti = new(new PlmnId("001", "01"), 0xCA, 1016, 5, 0x12345678);
    private static readonly Nssai Allowed = new([new SNssai(1)]);
    private static readonly TaiList Tais = TaiList.Of(new PlmnId("001", "01"), [1]);
    private static readonly NgapIes.PlmnIdentity NgapPlmn = new("001", "01");
    private static readonly NgapIes.UserLocationInformationNr Location = new(new NgapIes.NrCgi(NgapPlmn, 0x0000_1234_5), new NgapIes.Tai(NgapPlmn, 1));
    private static readonly NgapIes.Guami Guami = new(NgapPlmn, 0xCA, 1016, 5);
    private static readonly NgapIes.AllowedNssai NgapAllowed = new([new NgapIes.SNssai(1)]);

    private const long AmfUeId = 1, RanUeId = 5;

    private Milenage _home = null!, _usim = null!;
    private readonly byte[] _rand = new byte[16];
    private ulong _registrations;

    [GlobalSetup]
    public void Setup()
    {
        _home = new Milenage(MilenageBenchmarks.K, MilenageBenchmarks.Opc);
        _usim = new Milenage(MilenageBenchmarks.K, MilenageBenchmarks.Opc);
        Register(); // throws when any step of the exchange does not succeed
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _home.Dispose();
        _usim.Dispose();
    }

    /// <summary>One initial registration of a fresh test UE; returns the AMF's REGISTRATION COMPLETE verdict length so nothing is optimised away.</summary>
    [Benchmark]
    public int Register()
    {
        // A distinct RAND per registration (deterministic: the run's counter), as the AMF would never reuse one.
        BitConverter.TryWriteBytes(_rand, ++_registrations);
        using var ue = new UeNasSecurity(_usim, "imsi-" + Imsi, Snn, 0, Capability);
        using var amf = new AmfNasSecurity(_home, "imsi-" + Imsi, Snn, 1, NasKeySetIdentifier.Native(0));

        var initial = Up(ue.InitialRegistration(), static nas => NgapMessages.InitialUeMessage(RanUeId, nas, Location, NgapIes.RrcEstablishmentCause.MoSignalling));
        var findings = new List<NasFinding>();
        var request = NasPduReader.Read(initial).Message ?? throw Broken("REGISTRATION REQUEST does not read");
        var capability = request.SecurityCapability(findings) ?? throw Broken("REGISTRATION REQUEST without a UE security capability");
        if (request.Identity(findings) is not SuciIdentity) throw Broken("REGISTRATION REQUEST without a SUCI");

        var authentication = Down(amf.AuthenticationRequest(_rand));
        var response = Up(ue.Answer(authentication) ?? throw Broken(ue.Why), UplinkNasTransport);
        if (amf.CheckAuthenticationAnswer(response) != AkaOutcome.Authenticated) throw Broken(amf.Why);

        var command = Down(amf.SecurityModeCommand(capability) ?? throw Broken(amf.Why));
        var complete = Up(ue.Answer(command) ?? throw Broken(ue.Why), UplinkNasTransport);
        if (amf.CheckSecurityModeAnswer(complete) != SmcOutcome.Completed) throw Broken(amf.Why);

        using var kgnb = amf.Kgnb() ?? throw Broken("no K_gNB after SECURITY MODE COMPLETE");
        var acceptNas = amf.ProtectDownlink(FiveGmmMessages.RegistrationAccept(0x01, Guti, Allowed, null, Tais)) ?? throw Broken(amf.Why);
        var accept = Ngap ? ContextSetupNas(acceptNas, kgnb, capability) : acceptNas;
        var registrationComplete = Up(ue.Answer(accept) ?? throw Broken(ue.Why), UplinkNasTransport);
        var (completed, why) = amf.CheckRegistrationComplete(registrationComplete);
        return completed ? why.Length : throw Broken(why);
    }

    /// <summary>The uplink NAS as the AMF receives it: with <see cref="Ngap"/> in its <paramref name="carrier"/> message, encoded and parsed.</summary>
    private byte[] Up(byte[] nas, Func<byte[], byte[]> carrier) => Ngap ? Nas(carrier(nas)) : nas;

    private static byte[] UplinkNasTransport(byte[] nas) => NgapMessages.UplinkNasTransport(AmfUeId, RanUeId, nas, Location);

    /// <summary>The downlink NAS as the UE's side receives it: in DOWNLINK NAS TRANSPORT, encoded and parsed, with <see cref="Ngap"/>.</summary>
    private byte[] Down(byte[] nas) => Ngap ? Nas(NgapMessages.DownlinkNasTransport(AmfUeId, RanUeId, nas)) : nas;

    private static byte[] ContextSetupNas(byte[] nas, SecretBytes kgnb, UeSecurityCapability capability)
    {
        var key = new NgapIes.SecurityKey(SecretBytes.Copy(kgnb.Span));
        try
        {
            return Nas(NgapMessages.InitialContextSetupRequest(AmfUeId, RanUeId, Guami, NgapAllowed, CagTrialSecurity.Ngap(capability), key, nasPdu: nas));
        }
        finally
        {
            key.Key.Dispose();
        }
    }

    private static byte[] Nas(byte[] ngap)
    {
        var parsed = NgapMessageParser.Parse(ngap);
        if (parsed.Message is null || parsed.Findings.Count > 0) throw Broken($"NGAP does not parse cleanly: {string.Join("; ", parsed.Findings)}");
        return parsed.Message.Get<NgapIes.NasPdu>(NgapIeId.NasPdu)?.Octets ?? throw Broken("NGAP message without a NAS-PDU");
    }

    private static InvalidOperationException Broken(string why) => new($"registration did not complete: {why}");
}
