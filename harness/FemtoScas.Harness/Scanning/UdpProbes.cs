namespace FemtoScas.Harness.Scanning;

/// <summary>
/// Payloads that make common UDP services answer, so that an open port shows as open rather
/// than open|filtered. Unknown ports get a single zero byte.
/// </summary>
internal static class UdpProbes
{
    public static byte[] For(int port) => port switch
    {
        // DNS: a standard query for the root NS records.
        53 => [0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01],
        // NTP: a version 4 client request (48 bytes, LI=0 VN=4 Mode=3).
        123 => [0x23, .. new byte[47]],
        // SNMP v1 get-request for sysDescr with community "public".
        161 => Convert.FromHexString("302602010004067075626c6963a019020400000001020100020100300b300906052b060102010500"),
        _ => [0x00],
    };
}
