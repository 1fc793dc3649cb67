using FemtoScas.Harness.Capture;
using FemtoScas.Harness.Dut;
using FemtoScas.Harness.Esp;
using FemtoScas.Harness.Evidence;
using FemtoScas.Harness.Ike.Sa;
using FemtoScas.Harness.Requirements;
using FemtoScas.Harness.Roles;

namespace FemtoScas.Harness.Runner;

/// <summary>
/// What a conformance test case works with: the DUT's facts, its evidence and its deadline. The
/// roles see it only as their <see cref="IRoleScope"/>.
/// </summary>
public sealed class TestCaseContext : IRoleScope
{
    internal TestCaseContext(SuiteRun suite, RequirementRecord record, TestEvidence evidence, SelfRecorder recorder, CancellationToken cancellationToken)
    {
        Suite = suite;
        Record = record;
        Evidence = evidence;
        Recorder = recorder;
        CancellationToken = cancellationToken;
    }

    public SuiteRun Suite { get; }
    public RequirementRecord Record { get; }
    public string CaseId => Record.Id;
    public IDutController Dut => Suite.Dut;
    public DutProfile Profile => Suite.Profile;
    public Pixit Pixit => Suite.Profile.Pixit;
    public TestEvidence Evidence { get; }
    /// <summary>The self-recorded pcapng of every datagram/stream byte the harness exchanges in this test.</summary>
    public SelfRecorder Recorder { get; }
    /// <summary>Cancelled when the guard timer fires.</summary>
    public CancellationToken CancellationToken { get; }

    public void Step(string text) => Evidence.Step(text);

    private int _tunnelAttempts;

    /// <summary>Numbers this test's tunnel attempts (1, 2, ...) so each operator restart question has its own id.</summary>
    public int NextTunnelAttempt() => Interlocked.Increment(ref _tunnelAttempts);

    public void Finding(Finding finding) => Evidence.Finding(finding);

    private readonly object _keysLock = new();
    private readonly List<string> _ikeV2Rows = [];
    private readonly List<string> _intermediateRows = [];
    private readonly List<string> _espRows = [];
    private bool _keysKept;
    private int _ikeSasSkipped;

    /// <summary>
    /// Takes the Wireshark rows of <paramref name="sas"/> now (their keys are zeroed when the role
    /// disposes them); an SA whose cipher Wireshark's IKEv2 table cannot name (single DES) is left
    /// out of that table and counted.
    /// </summary>
    public void KeepKeys(IEnumerable<IkeSa> sas)
    {
        ArgumentNullException.ThrowIfNull(sas);
        lock (_keysLock)
        {
            _keysKept = true;
            foreach (var sa in sas.Where(s => s.Keys is not null))
            {
                try
                {
                    if (WiresharkKeyTables.IkeV2Row(sa) is { } row && !_ikeV2Rows.Contains(row)) _ikeV2Rows.Add(row);
                    foreach (var superseded in sa.SupersededKeyRows)
                        if (!_intermediateRows.Contains(superseded)) _intermediateRows.Add(superseded);
                    foreach (var esp in WiresharkKeyTables.EspRows(sa))
                        if (!_espRows.Contains(esp)) _espRows.Add(esp);
                }
                catch (ArgumentOutOfRangeException)
                {
                    _ikeSasSkipped++;
                }
            }
        }
    }

    /// <summary>
    /// At the end of a case: a step log that named no SeGW port (TunnelSession names them for every
    /// SeGW it starts) says so, so every step log answers which IKE and NAT-T ports to decode.
    /// </summary>
    internal void NoteWhenNoSegwRan()
    {
        if (!Evidence.Steps.Any(s => s.Text.StartsWith(DecryptionGuide.PortsStepPrefix, StringComparison.Ordinal)))
            Step($"{DecryptionGuide.PortsStepPrefix} none: this case started no harness SeGW, so there are no IKE or NAT-T ports to decode");
    }

    /// <summary>Writes the key tables of every SA the case's roles handed over, once, when any role did.</summary>
    internal void WriteKeyTables()
    {
        lock (_keysLock)
        {
            if (!_keysKept) return;
            Evidence.NewFile(WiresharkKeyTables.IkeV2TableFileName, "key-table", "Wireshark ikev2_decryption_table of the lab IKE SAs (test keys)");
            Evidence.NewFile(WiresharkKeyTables.EspTableFileName, "key-table", "Wireshark esp_sa table of the lab CHILD_SAs (test keys)");
            WiresharkKeyTables.WriteRows(Evidence.Directory, _ikeV2Rows, _espRows);
            if (_intermediateRows.Count > 0)
            {
                // One key table row per SPI pair: IKE_INTERMEDIATE's keys (before the RFC 9370 update) need a table of their own.
                Evidence.NewFile(WiresharkKeyTables.IntermediateTableFileName, "key-table", "Wireshark ikev2_decryption_table of the keys protecting IKE_INTERMEDIATE, before the RFC 9370 key update (test keys)");
                WiresharkKeyTables.WriteIntermediateRows(Evidence.Directory, _intermediateRows);
            }

            WriteDecryptionReadme();
            Step($"Wireshark key tables written for {_ikeV2Rows.Count} IKE SA(s) and {_espRows.Count / 2} CHILD_SA(s)"
                 + (_ikeSasSkipped > 0 ? $"; {_ikeSasSkipped} IKE SA(s) with a cipher Wireshark's table cannot name left out" : ""));
            _keysKept = false;
        }
    }

    /// <summary>README.txt beside the key tables: what the folder holds, the SeGW ports, the command that shows it decrypted.</summary>
    private void WriteDecryptionReadme()
    {
        var ports = DecryptionGuide.ParsePorts(string.Join('\n', Evidence.Steps.Select(s => s.Text)));
        var captures = Directory.EnumerateFiles(Evidence.Directory, "*.pcap*").Select(Path.GetFileName).OfType<string>()
            .Order(StringComparer.Ordinal).ToList();
        var folder = Path.GetRelativePath(Suite.ResultsDirectory, Evidence.Directory).Replace('\\', '/');
        Evidence.AttachText(DecryptionGuide.ReadmeFileName, "readme", "how to decrypt this case's capture with its key tables",
            DecryptionGuide.Readme(CaseId, Path.GetFileName(Evidence.Directory), folder, ports, captures, _ikeV2Rows.Count, _espRows.Count / 2, _intermediateRows.Count,
                pdcpKeyTable: File.Exists(Path.Combine(Evidence.Directory, Harness.Pdcp.WiresharkPdcpKeyTable.FileName))));
    }

    /// <summary>
    /// An operator-assisted step: the DUT controller performs it where it can (SimFemto), otherwise
    /// the lab's prepared answer (PIXIT operatorAnswers) is taken, otherwise, on an attended run, the
    /// operator is asked live on the terminal (<see cref="LiveOperatorConsole"/>, bounded in time). Question, answer, who gave it and
    /// any attachment go into the evidence. Null when nobody answered: the caller decides
    /// INCONCLUSIVE and says how to answer.
    /// </summary>
    public async Task<OperatorAnswer?> AskOperatorAsync(OperatorQuestion question)
    {
        ArgumentNullException.ThrowIfNull(question);
        Step($"operator-assisted step {question.Id}: {question.Prompt} [{string.Join(" / ", question.Choices)}]");
        var answer = await Suite.Dut.AutomateAsync(question, CancellationToken).ConfigureAwait(false);
        if (answer is null && Pixit.OperatorAnswers is { } file)
        {
            try { answer = OperatorAnswerFile.Load(file).Answer(question); }
            catch (FemtoScas.Harness.Data.DataFileException e) { throw new HarnessEnvironmentException(e.Message, e); }
        }
        // Attended run (./femtoscas run on a terminal): ask live, bounded; the answer is recorded like a prepared one.
        var live = false;
        if (answer is null && LiveOperatorConsole.ForRun(name => NUnit.Framework.TestContext.Parameters.Get(name), Step) is { } console)
        {
            Step($"asking {question.Id} live on the terminal (at most {RunProgress.Span(console.Timeout)})");
            answer = await console.AskAsync(CaseId, question, CancellationToken).ConfigureAwait(false);
            if (answer is not null)
            {
                live = true;
                console.Record(Suite.ResultsDirectory, question, answer);
            }
        }

        string? attachment = null;
        if (answer?.AttachmentPath is { } source)
        {
            attachment = Evidence.NewFile($"operator-{question.Id}-attachment{Path.GetExtension(source)}", "operator-attachment", $"attachment of the answer to {question.Id} by {answer.AnsweredBy}");
            File.Copy(source, attachment, overwrite: true);
        }

        var record = new
        {
            question = new { question.Id, question.Prompt, question.Choices, question.AttachmentRequest, question.FallbackIds, question.Parameters },
            answer = answer is null ? null : new
            {
                answer.Choice,
                answer.AnsweredBy,
                source = answer.Automated ? "automated by the DUT controller" : live ? "operator (live, on the terminal)" : "operator (prepared answers file)",
                answer.AnsweredUnder,
                answer.Comment,
                attachment = attachment is null ? null : Path.GetFileName(attachment),
                answer.AnsweredAt,
            },
        };
        Evidence.AttachText($"operator-{question.Id}.json", "operator-answer", $"operator-assisted step {question.Id}: question and answer",
            System.Text.Json.JsonSerializer.Serialize(record, new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        Step(answer is null
            ? $"no answer to {question.Id}: neither the DUT controller nor the PIXIT's operatorAnswers file gives one" +
              (LiveOperatorConsole.ForRun(name => NUnit.Framework.TestContext.Parameters.Get(name), Step) is null ? "" : ", nor the operator at the terminal in time")
            : $"answer to {question.Id}: '{answer.Choice}' by {answer.AnsweredBy}{(answer.AnsweredUnder is { } under && under != question.Id ? $" (prepared under {under})" : "")}{(answer.Comment is { } c ? $" ({c})" : "")}");
        return answer;
    }
}
