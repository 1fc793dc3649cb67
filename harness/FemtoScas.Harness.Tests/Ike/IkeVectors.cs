namespace FemtoScas.Harness.Tests.Ike;

/// <summary>
/// Public IKEv2 datagrams (UDP payloads) used by both decode and encode tests. Source: the
/// Wireshark test capture ikev2-decrypt-aes128ccm12.pcap, as quoted byte for byte in Scapy's
/// test/contrib/ikev2.uts ("Dissect Initiator Request" and following); Ethernet/IPv4/UDP removed.
/// </summary>
internal static class IkeVectors
{
    /// <summary>
    /// IKE_SA_INIT request: SA{ENCR AES-CCM-12/128, PRF HMAC-SHA2-256, D-H 19}, KE(19), Ni(32),
    /// N(NAT_DETECTION_SOURCE_IP), N(NAT_DETECTION_DESTINATION_IP), N(SIGNATURE_HASH_ALGORITHMS 1,2,3,4).
    /// </summary>
    public static readonly byte[] WiresharkIkeSaInitRequest = Convert.FromHexString(
        "ea684d21597afd3600000000000000002120220800000000000000f822000028" +
        "00000024010100030300000c0100000f800e0080030000080200000500000008" +
        "04000013280000480013000032c6dffe5c43b0d5811f7eaaa84c9f78bf99b906" +
        "9c2b072e0b82f46bf6f66dd45f97ef89ee285fd5df527a44776b529fc9d8a909" +
        "d842a6fb59b96a095395617229000024b655462d6f4b66f872ccd7f0f4b48577" +
        "32921339cbaa5237edba244f262b68232900001c00004004949c9db5739d75a9" +
        "74a49c184618369b34b7f9422900001c000040053e721b46be07d53111425d7f" +
        "80d2c6e220c6072e000000100000402f0001000200030004");

    /// <summary>The matching IKE_SA_INIT response, ending in N(MULTIPLE_AUTH_SUPPORTED).</summary>
    public static readonly byte[] WiresharkIkeSaInitResponse = Convert.FromHexString(
        "ea684d21597afd36d9fe2ab22dac23ac2120222000000000000000f022000028" +
        "00000024010100030300000c0100000f800e0080030000080200000500000008" +
        "0400001328000048001300002c66beadb6ce8535d6218cb401aa5a1eb4035b97" +
        "caddaf36374a979c0446b8800506bf9d6f950952326bf3011913da93bb8e40f8" +
        "15376be1a06801c0a63e3b54290000249e5d267379e681e7d38d81c710d38340" +
        "1de7e3607b926d90a9958adcb52831aa2900001c000040047a0785273d592038" +
        "29a697550f31cbb94eb72b432900001c00004005c3e58a8cc9933ce0b78f2a50" +
        "e8de80134e12ce310000000800004014");

    /// <summary>An INFORMATIONAL request, message ID 2, whose SK payload announces a Delete inside.</summary>
    public static readonly byte[] WiresharkInformationalRequest = Convert.FromHexString(
        "ea684d21597afd36d9fe2ab22dac23ac2e202508000000020000003d2a000021cca0b35de5abc51c9987cbf1f5ecff210eb767cdb85179383b964d78e2");
}
