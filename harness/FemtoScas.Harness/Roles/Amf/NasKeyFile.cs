using System.Globalization;
using System.Text;

namespace FemtoScas.Harness.Roles.Amf;

/// <summary>
/// The NAS key file of a case (<see cref="FileName"/>, beside its pcapng; format femtoscas.nas-keys/1): per UE whose
/// SECURITY MODE COMPLETE verified, one comma-separated row
/// <code>
/// amf_ue_ngap_id,ran_ue_ngap_id,ue,ngksi,nea,nia,kgnb_uplink_nas_count,k_nas_int,k_nas_enc,k_gnb
/// </code>
/// (NGAP IDs and NAS COUNT in decimal, ue the masked test identity, ngKSI 0-6, NEA/NIA 0-3, keys as lower-case hex:
/// K_NASint / K_NASenc 16 octets, the low half of the TS 33.501 A.8 KDF output; KgNB 32 octets, A.9). Session keys of the
/// lab's test subscriber only, never K or OPc. tshark cannot use it: its nas-5gs dissector neither checks a NAS MAC nor
/// deciphers 128-NEA1/2/3 (its only preference, nas-5gs.null_decipher, assumes NEA0); a reviewer checks the MACs and
/// deciphers with these keys by other means (docs/status.md, NRF-CAG-ACCESS).
/// </summary>
public static class NasKeyFile
{
    public const string FileName = "nas_keys.csv";

    public const string Header = "amf_ue_ngap_id,ran_ue_ngap_id,ue,ngksi,nea,nia,kgnb_uplink_nas_count,k_nas_int,k_nas_enc,k_gnb";

    /// <summary>The file's text: two comment lines, the header, one row per UE.</summary>
    public static string Format(IEnumerable<NasSessionKeys> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var text = new StringBuilder();
        text.Append("# femtoscas.nas-keys/1: NAS session keys of the harness AMF per UE (test subscriber; never K/OPc)\n");
        text.Append("# find each UE's NAS in the pcapng by its NGAP IDs (ngap.AMF_UE_NGAP_ID, ngap.RAN_UE_NGAP_ID)\n");
        text.Append(Header).Append('\n');
        foreach (var k in keys)
        {
            text.Append(CultureInfo.InvariantCulture, $"{k.AmfUeNgapId},{k.RanUeNgapId},{k.MaskedIdentity},{k.NgKsi.Value},{k.Selected.Nea},{k.Selected.Nia},")
                .Append(CultureInfo.InvariantCulture, $"{k.KgnbUplinkCount},{k.KnasInt},{k.KnasEnc},{k.Kgnb}\n");
        }
        return text.ToString();
    }

    /// <summary>Writes the file into the case's evidence (hashed with it when the case closes); nothing when no UE got keys.</summary>
    public static void Write(IRoleScope t, IReadOnlyList<NasSessionKeys> keys)
    {
        ArgumentNullException.ThrowIfNull(t);
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            t.Step("no NAS key file: no UE completed NAS security mode control");
            return;
        }
        t.Evidence.AttachText(FileName, "key-table", $"NAS session keys (K_NASint, K_NASenc, KgNB) of {keys.Count} UE(s), format femtoscas.nas-keys/1", Format(keys));
        t.Step($"NAS key file {FileName} written for {keys.Count} UE(s) (session keys only; tshark checks no NAS MAC and deciphers no NEA1-3)");
    }
}
