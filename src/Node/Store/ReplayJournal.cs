using LnRelay.Sphinx.Replay;

namespace LnRelay.Node.Store;

/// <summary>Keeps the onion replay log on disk (BOLT 4 "Onion Decryption"): Sphinx reports, the store writes.</summary>
internal sealed class ReplayJournal(IDecisionJournal journal) : IReplayLogPersistence
{
    public void Recorded(ReplayKey key, uint cltvExpiry) => journal.Stage(new ReplayRecorded(key, cltvExpiry));

    public void Pruned(uint blockHeight) => journal.Stage(new ReplayPruned(blockHeight));
}
