"""What a log line may say about who wrote: a short hash, never the sender id itself."""
import hashlib


def short_hash(sender_id: str) -> str:
    return hashlib.sha256(str(sender_id).encode()).hexdigest()[:10]
