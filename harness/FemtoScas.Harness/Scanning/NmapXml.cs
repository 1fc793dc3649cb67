using System.Xml;
using System.Xml.Linq;

namespace FemtoScas.Harness.Scanning;

/// <summary>
/// Loads nmap's XML output (-oX) as hostile input, for every reader of it: bounded in characters, no
/// DTD processed (nmap writes <c>&lt;!DOCTYPE nmaprun&gt;</c>; nothing in it is resolved), no entity
/// expansion, and the root must be <c>nmaprun</c>. A problem is a sentence, never an exception.
/// </summary>
public static class NmapXml
{
    public static (XDocument? Document, string? Problem) Load(string xml, int maxChars)
    {
        ArgumentNullException.ThrowIfNull(xml);
        if (xml.Length > maxChars) return (null, $"nmap XML output longer than {maxChars} characters");
        XDocument doc;
        try
        {
            var settings = new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Ignore,
                XmlResolver = null,
                MaxCharactersInDocument = maxChars,
                MaxCharactersFromEntities = 0,
            };
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            doc = XDocument.Load(reader);
        }
        catch (XmlException ex)
        {
            return (null, "nmap XML output unreadable: " + ex.Message);
        }
        return doc.Root?.Name.LocalName != "nmaprun" ? (null, "not nmap XML output (no nmaprun element)") : (doc, null);
    }
}
