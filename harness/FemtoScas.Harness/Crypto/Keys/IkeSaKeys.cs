namespace FemtoScas.Harness.Crypto.Keys;

/// <summary>Octet lengths of the seven IKE SA keys, fixed by the negotiated transforms.</summary>
/// <param name="Prf">SK_d, SK_pi, SK_pr: the PRF's preferred key length.</param>
/// <param name="Integrity">SK_ai, SK_ar: 0 with an AEAD cipher (RFC 5282 7.1).</param>
/// <param name="Encryption">SK_ei, SK_er: key | salt for AEAD.</param>
public sealed record IkeSaKeyLengths(int Prf, int Integrity, int Encryption)
{
    public int Total => 3 * Prf + 2 * Integrity + 2 * Encryption;
}

/// <summary>
/// {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr} = prf+(SKEYSEED, Ni | Nr | SPIi | SPIr)
/// (RFC 7296 2.14), cut in that order. Dispose zeroes all seven.
/// </summary>
public sealed class IkeSaKeys : IDisposable
{
    internal IkeSaKeys(SecretBytes skD, SecretBytes skAi, SecretBytes skAr, SecretBytes skEi, SecretBytes skEr, SecretBytes skPi, SecretBytes skPr)
    {
        SkD = skD;
        SkAi = skAi;
        SkAr = skAr;
        SkEi = skEi;
        SkEr = skEr;
        SkPi = skPi;
        SkPr = skPr;
    }

    /// <summary>Seeds CHILD_SA keys and rekeyed IKE SAs.</summary>
    public SecretBytes SkD { get; }
    public SecretBytes SkAi { get; }
    public SecretBytes SkAr { get; }
    public SecretBytes SkEi { get; }
    public SecretBytes SkEr { get; }
    public SecretBytes SkPi { get; }
    public SecretBytes SkPr { get; }

    /// <summary>Keys protecting what the initiator sends (SK_ei, SK_ai) or what the responder sends.</summary>
    public (SecretBytes Encryption, SecretBytes Integrity) ForSender(bool initiator) =>
        initiator ? (SkEi, SkAi) : (SkEr, SkAr);

    public void Dispose()
    {
        SkD.Dispose();
        SkAi.Dispose();
        SkAr.Dispose();
        SkEi.Dispose();
        SkEr.Dispose();
        SkPi.Dispose();
        SkPr.Dispose();
    }

    public override string ToString() => "IkeSaKeys[masked]";
}

/// <summary>
/// CHILD_SA KEYMAT (RFC 7296 2.17): all keys for initiator-to-responder traffic first, then
/// responder-to-initiator; within a direction, encryption key before integrity key.
/// </summary>
public sealed class ChildSaKeys : IDisposable
{
    internal ChildSaKeys(SecretBytes encryptionI2R, SecretBytes integrityI2R, SecretBytes encryptionR2I, SecretBytes integrityR2I)
    {
        EncryptionInitiatorToResponder = encryptionI2R;
        IntegrityInitiatorToResponder = integrityI2R;
        EncryptionResponderToInitiator = encryptionR2I;
        IntegrityResponderToInitiator = integrityR2I;
    }

    public SecretBytes EncryptionInitiatorToResponder { get; }
    public SecretBytes IntegrityInitiatorToResponder { get; }
    public SecretBytes EncryptionResponderToInitiator { get; }
    public SecretBytes IntegrityResponderToInitiator { get; }

    public void Dispose()
    {
        EncryptionInitiatorToResponder.Dispose();
        IntegrityInitiatorToResponder.Dispose();
        EncryptionResponderToInitiator.Dispose();
        IntegrityResponderToInitiator.Dispose();
    }

    public override string ToString() => "ChildSaKeys[masked]";
}
