"""Before anything starts (scripts/run.sh): the knowledge file loads and REGION is one it
has urgent-care lines for - a wrong region would tell a reader numbers that do not work there."""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from recommendation.knowledge import KnowledgeError, configured_region, default_knowledge  # noqa: E402

try:
    default_knowledge()
except KnowledgeError as error:
    sys.exit(f"Cannot start: {error}")
print(f"==> Urgent-care numbers for region {configured_region()} (REGION)")
