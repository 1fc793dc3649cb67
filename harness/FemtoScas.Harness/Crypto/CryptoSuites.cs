using FemtoScas.Harness.Algorithms;
using FemtoScas.Harness.Crypto.Keys;
using FemtoScas.Harness.Crypto.KeyExchange;
using FemtoScas.Harness.Crypto.Primitives;
using FemtoScas.Harness.Crypto.Protection;

namespace FemtoScas.Harness.Crypto;

/// <summary>The transforms of one negotiated IKE SA proposal, ready for the key schedule and the SK payload.</summary>
public sealed class IkeCryptoSuite
{
    internal IkeCryptoSuite(ICipher cipher, IIntegrity? integrity, IPrf prf, IKeyExchangeGroup group, SkPayloadProtector protector)
    {
        Cipher = cipher;
        Integrity = integrity;
        Prf = prf;
        Group = group;
        SkPayload = protector;
    }

    public ICipher Cipher { get; }

    /// <summary>Null for AEAD ciphers.</summary>
    public IIntegrity? Integrity { get; }
    public IPrf Prf { get; }
    public IKeyExchangeGroup Group { get; }
    public SkPayloadProtector SkPayload { get; }

    public IkeSaKeyLengths KeyLengths => new(Prf.PreferredKeyLength, Integrity?.KeyLength ?? 0, Cipher.KeyMaterialLength);

    /// <summary>Builds a suite from IANA IDs; an unsupported or inconsistent combination is a failure result.</summary>
    public static CryptoResult<IkeCryptoSuite> Create(ICryptoProvider provider, EncrId encr, int keyLengthBits, PrfId prf, IntegId integ, DhGroupId group)
    {
        var cipher = provider.CreateCipher(encr, keyLengthBits);
        if (!cipher.IsSuccess)
        {
            return CryptoResult<IkeCryptoSuite>.Fail(cipher.Failure);
        }
        var prfResult = provider.CreatePrf(prf);
        if (!prfResult.IsSuccess)
        {
            return CryptoResult<IkeCryptoSuite>.Fail(prfResult.Failure);
        }
        IIntegrity? integrity = null;
        if (integ != IntegId.None)
        {
            var integResult = provider.CreateIntegrity(integ);
            if (!integResult.IsSuccess)
            {
                return CryptoResult<IkeCryptoSuite>.Fail(integResult.Failure);
            }
            integrity = integResult.Value;
        }
        var groupResult = provider.CreateKeyExchangeGroup(group);
        if (!groupResult.IsSuccess)
        {
            return CryptoResult<IkeCryptoSuite>.Fail(groupResult.Failure);
        }
        var protector = SkPayloadProtector.Create(cipher.Value, integrity);
        return protector.IsSuccess
            ? CryptoResult<IkeCryptoSuite>.Ok(new IkeCryptoSuite(cipher.Value, integrity, prfResult.Value, groupResult.Value, protector.Value))
            : CryptoResult<IkeCryptoSuite>.Fail(protector.Failure);
    }

    public override string ToString() =>
        $"IKE suite {Cipher.Id}-{Cipher.KeyLength * 8} / {Integrity?.Id.ToString() ?? "AEAD"} / {Prf.Id} / group {(int)Group.Id}";
}

/// <summary>The transforms of one negotiated ESP CHILD_SA proposal.</summary>
public sealed class EspCryptoSuite
{
    internal EspCryptoSuite(ICipher cipher, IIntegrity? integrity, EspProtector protector)
    {
        Cipher = cipher;
        Integrity = integrity;
        Esp = protector;
    }

    public ICipher Cipher { get; }
    public IIntegrity? Integrity { get; }
    public EspProtector Esp { get; }

    public int EncryptionKeyMaterialLength => Cipher.KeyMaterialLength;
    public int IntegrityKeyLength => Integrity?.KeyLength ?? 0;

    public static CryptoResult<EspCryptoSuite> Create(ICryptoProvider provider, EncrId encr, int keyLengthBits, IntegId integ)
    {
        var cipher = provider.CreateCipher(encr, keyLengthBits);
        if (!cipher.IsSuccess)
        {
            return CryptoResult<EspCryptoSuite>.Fail(cipher.Failure);
        }
        IIntegrity? integrity = null;
        if (integ != IntegId.None)
        {
            var integResult = provider.CreateIntegrity(integ);
            if (!integResult.IsSuccess)
            {
                return CryptoResult<EspCryptoSuite>.Fail(integResult.Failure);
            }
            integrity = integResult.Value;
        }
        var protector = EspProtector.Create(cipher.Value, integrity);
        return protector.IsSuccess
            ? CryptoResult<EspCryptoSuite>.Ok(new EspCryptoSuite(cipher.Value, integrity, protector.Value))
            : CryptoResult<EspCryptoSuite>.Fail(protector.Failure);
    }

    public override string ToString() => $"ESP suite {Cipher.Id}-{Cipher.KeyLength * 8} / {Integrity?.Id.ToString() ?? "AEAD"}";
}
