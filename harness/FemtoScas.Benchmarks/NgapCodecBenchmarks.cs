using BenchmarkDotNet.Attributes;
using FemtoScas.Harness.Crypto;
using FemtoScas.Harness.Ngap;
using FemtoScas.Harness.Ngap.Ies;

namespace FemtoScas.Benchmarks;

/// <summary>
/// NGAP (TS 38.413, ALIGNED PER) encode and decode of the two messages every UE's arrival costs the
/// core: INITIAL UE MESSAGE (with a CellCAGList) and INITIAL CONTEXT SETUP REQUEST (with a Mobility
/// Restriction List and its Allowed PNI-NPN list). Decode is NgapMessageParser.Parse: PDU header,
/// IE container, rule table and every typed IE.
/// </summary>
[ShortJob]
public class NgapCodecBenchmarks
{
    private static readonly PlmnIdentity Plmn = new("001", "01");
    private static readonly byte[] Nas = Convert.FromHexString("7E004179000D0100F110000000000012345678F1");
    private static readonly UserLocationInformationNr Location = new(new NrCgi(Plmn, 0x0000_1234_5), new Tai(Plmn, 0x000007));
    private static readonly MobilityRestrictionList Restrictions = new(Plmn, EquivalentPlmns: [new PlmnIdentity("310", "410")], ServiceAreas: [new ServiceArea(Plmn, [7, 8], null)],
        NpnMobility: new NpnMobilityInformation([new AllowedPniNpnItem(Plmn, CagOnly: true, [0xA1, 0xA2])]));
    private static readonly SecurityKey Key = new(SecretBytes.Own(Enumerable.Range(0, 32).Select(i => (byte)(0xA0 + i)).ToArray()));

    private byte[] _initialUe = null!;
    private byte[] _contextSetup = null!;

    [GlobalSetup]
    public void Setup()
    {
        _initialUe = EncodeInitialUeMessage();
        _contextSetup = EncodeInitialContextSetupRequest();
        // A benchmark of a failing decode is worthless: both must parse without a finding.
        foreach (var pdu in new[] { _initialUe, _contextSetup })
        {
            var parsed = NgapMessageParser.Parse(pdu);
            if (parsed.Message is null || parsed.Findings.Count > 0)
                throw new InvalidOperationException($"NGAP sample does not parse cleanly: {string.Join("; ", parsed.Findings)}");
        }
    }

    [Benchmark]
    public byte[] EncodeInitialUeMessage() => NgapMessages.InitialUeMessage(5, Nas, Location, RrcEstablishmentCause.MoSignalling, new CellCagList([0xA1, 0xA2]));

    [Benchmark]
    public byte[] EncodeInitialContextSetupRequest() => NgapMessages.InitialContextSetupRequest(300, 5, new Guami(Plmn, 2, 1, 0),
        new AllowedNssai([new SNssai(1, 0x000102)]), new UeSecurityCapabilities(0xE000, 0xE000, 0xE000, 0xE000), Key, Restrictions, Nas);

    [Benchmark]
    public NgapParseResult DecodeInitialUeMessage() => NgapMessageParser.Parse(_initialUe);

    [Benchmark]
    public NgapParseResult DecodeInitialContextSetupRequest() => NgapMessageParser.Parse(_contextSetup);
}
