namespace FemtoScas.Harness.Tests.Nas;

/// <summary>
/// NAS-5GS PDUs from public captures, as data. Source: srsRAN 4G,
/// lib/test/asn1/nas_5g_msg_test.cc (github.com/srsran/srsRAN_4G), where each byte array sits
/// next to Wireshark's decode of the captured PDU. Shared by the decode, re-encode and tshark tests.
/// </summary>
internal static class NasKnownEncodings
{
    /// <summary>Registration request, initial + FOR, ngKSI 7, 5G-GUTI (all zero), UE security capability, S1 UE network capability.</summary>
    public static readonly byte[] RegistrationRequestGuti = Convert.FromHexString(
        "7e004179000bf2000000000000000000002e02f0f01707f0f0c0c0018030");

    /// <summary>Registration request with a Profile B SUCI: MCC 001 MNC 01, routing indicator 17, HN key id 27, 46 octets of scheme output (33-octet ephemeral key, 5 of ciphertext, 8 of MAC tag).</summary>
    public static readonly byte[] RegistrationRequestSuciProfileB = Convert.FromHexString(
        "7e004179003601" + "00f110" + "71ff" + "02" + "1b" +
        "03997ee4012de36c86e22997c899704b0f613abd6c3b1c9ca78a4b147e22afb064cbbd5d27341e8b9e3328184bec" + "2e028020");

    /// <summary>Deregistration request (UE originating), integrity protected (MAC 6f0325f5, SN 2): switch off, 3GPP, ngKSI 0, 5G-GUTI 001-01 region 202 set 1016 TMSI 1.</summary>
    public static readonly byte[] DeregistrationRequestProtected = Convert.FromHexString(
        "7e016f0325f5027e004509000b0200f110cafe0000000001");

    /// <summary>Authentication request: ngKSI 0, ABBA 0000, RAND and AUTN.</summary>
    public static readonly byte[] AuthenticationRequest = Convert.FromHexString(
        "7e0056000200002116462432 75b8b9c718b605c6ff0396712010a30926e42eea8000f687d5baa2d956ed".Replace(" ", ""));

    /// <summary>Authentication response with a 16-octet RES*.</summary>
    public static readonly byte[] AuthenticationResponse = Convert.FromHexString(
        "7e00572d10a11f51a41da9b529b33b043ae1e20208");

    /// <summary>Security mode command, integrity protected with new context (MAC 533fcb29, SN 0): NEA0/NIA2, ngKSI 0, replayed capability f070f070, IMEISV requested, additional 5G security information 00.</summary>
    public static readonly byte[] SecurityModeCommandProtected = Convert.FromHexString(
        "7e03533fcb29007e005d020004f070f070e1360100");
}
