using FemtoScas.Harness.Data;
using FemtoScas.Harness.Dut;
using NUnit.Framework;

namespace FemtoScas.Harness.Tests.Dut;

/// <summary>The lab's prepared answers to operator-assisted steps: read exactly, wrong ones named with file and field.</summary>
[TestFixture]
public sealed class OperatorAnswerFileTests
{
    private DirectoryInfo _dir = null!;

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("femtoscas-answers-");

    [TearDown]
    public void TearDown() => _dir.Delete(recursive: true);

    private string Write(string json)
    {
        var file = Path.Combine(_dir.FullName, "answers.json");
        File.WriteAllText(file, json);
        return file;
    }

    [Test]
    public void AnswersCarryOperatorTimeCommentAndAttachment()
    {
        File.WriteAllText(Path.Combine(_dir.FullName, "scan.txt"), "cell search: nothing on n78");
        var file = OperatorAnswerFile.Load(Write("""
            { "schema": "femtoscas.operator-answers/1", "operator": "J. Doe, Lab X", "answeredAt": "2026-11-20T10:00:00Z",
              "answers": { "NRF-RADIO-OFF.no-tunnel": { "choice": "silent", "comment": "UE scan 60 s", "attachment": "scan.txt" } } }
            """));

        var answer = file.Answer(OperatorSteps.RadioWithoutTunnel);

        Assert.That(answer, Is.Not.Null);
        Assert.That(answer!.Choice, Is.EqualTo(OperatorSteps.Silent));
        Assert.That(answer.AnsweredBy, Is.EqualTo("J. Doe, Lab X"));
        Assert.That(answer.Automated, Is.False);
        Assert.That(answer.AnsweredAt, Is.EqualTo(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero)));
        Assert.That(answer.AttachmentPath, Is.EqualTo(Path.Combine(_dir.FullName, "scan.txt")));
        Assert.That(file.Answer(OperatorSteps.RadioWithTunnel), Is.Null, "a question the lab did not answer stays unanswered");
    }

    [Test]
    public void AChoiceThatIsNotOfferedIsNamed()
    {
        var file = OperatorAnswerFile.Load(Write("""
            { "schema": "femtoscas.operator-answers/1", "operator": "x", "answeredAt": "2026-11-20T10:00:00Z",
              "answers": { "NRF-RADIO-OFF.no-tunnel": { "choice": "quiet" } } }
            """));

        var e = Assert.Throws<DataFileException>(() => file.Answer(OperatorSteps.RadioWithoutTunnel));
        Assert.That(e!.Message, Does.Contain("answers.NRF-RADIO-OFF.no-tunnel.choice").And.Contain("'silent'"));
    }

    [Test]
    public void AMisspeltFieldAndAMissingAttachmentAreNamed()
    {
        var misspelt = Assert.Throws<DataFileException>(() => OperatorAnswerFile.Load(Write("""
            { "schema": "femtoscas.operator-answers/1", "operator": "x", "answeredAt": "2026-11-20T10:00:00Z",
              "answers": { "NRF-RADIO-OFF.no-tunnel": { "choice": "silent", "coment": "typo" } } }
            """)));
        Assert.That(misspelt!.Message, Does.Contain("coment").And.Contain("comment"));

        var missing = Assert.Throws<DataFileException>(() => OperatorAnswerFile.Load(Write("""
            { "schema": "femtoscas.operator-answers/1", "operator": "x", "answeredAt": "2026-11-20T10:00:00Z",
              "answers": { "NRF-RADIO-OFF.no-tunnel": { "choice": "silent", "attachment": "absent.png" } } }
            """)));
        Assert.That(missing!.Message, Does.Contain("no such file"));
    }
}
