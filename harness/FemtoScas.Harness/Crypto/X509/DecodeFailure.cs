using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Security.Certificates;
using Org.BouncyCastle.Tsp;

namespace FemtoScas.Harness.Crypto.X509;

/// <summary>
/// The exceptions BouncyCastle's CMS, TSP and certificate readers throw for damaged or hostile
/// input (found by fuzzing manifest.p7s and manifest.tsr: a malformed extension inside a carried
/// certificate is a CertificateParsingException, an invalid EC point a FormatException, a status
/// integer beyond 32 bits an ArithmeticException). Readers
/// of such input catch exactly these and turn them into a refusal with the reason; anything else
/// is a defect of ours and escapes.
/// </summary>
public static class DecodeFailure
{
    public static bool IsBouncyCastleInputFailure(Exception ex) =>
        ex is CmsException or TspException or IOException or ArgumentException or InvalidCastException
            or InvalidOperationException or FormatException or IndexOutOfRangeException or ArithmeticException
            or SecurityUtilityException or CryptoException or CertificateException or InvalidKeyException;
}
