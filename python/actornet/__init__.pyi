"""Type stubs of actornet (see the module's docstrings for the details)."""

import os
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple, Union

__version__: str
DEFAULT_FORMATS: Tuple[str, ...]

_Path = Union[str, os.PathLike]

class ActornetError(Exception):
    path: Optional[str]
    line: Optional[int]

class InputError(ActornetError): ...
class GazetteerError(ActornetError): ...
class UsageError(ActornetError): ...
class OutputError(ActornetError): ...

Document = Union[str, Dict[str, Any]]

class Extractor:
    """Gazetteers, lexicons and options loaded once; picklable (rebuilds from its options)."""
    def __init__(
        self,
        gazetteers: Union[None, _Path, Iterable[_Path]] = None,
        defaults: bool = True,
        window: str = "sentence",
        weight: str = "count",
        min_weight: float = 0.0,
        top_k: Optional[int] = None,
        exclude: Iterable[str] = (),
        date: Optional[str] = None,
        csv_dialect: str = "excel",
        roles: Optional[_Path] = None,
        titles: Optional[_Path] = None,
        threads: int = 0,
        skip_bad: bool = False,
        lossy: bool = False,
        text_field: str = "text",
        id_field: str = "id",
        title_field: str = "title",
        date_field: str = "date",
        url_field: str = "url",
    ) -> None: ...
    @property
    def options(self) -> Dict[str, Any]: ...
    @property
    def warnings(self) -> List[str]: ...
    def extract(self, docs: Union[Document, Iterable[Document], Any], *, start: int = 0) -> Result:
        """Strings, dicts, a pandas Series of texts or a DataFrame; the GIL is released."""
    def extract_files(self, paths: Union[_Path, Iterable[_Path]]) -> Result: ...

class Result:
    """Graph and rows; tables are pandas DataFrames (lists of dicts without pandas)."""
    @property
    def documents(self) -> int: ...
    @property
    def skipped(self) -> List[str]: ...
    @property
    def manifest(self) -> Dict[str, Any]: ...
    @property
    def nodes(self) -> Any: ...
    @property
    def edges(self) -> Any: ...
    @property
    def mentions(self) -> Any: ...
    @property
    def evidence(self) -> Any: ...
    def to_networkx(self) -> Any: ...
    def write(self, dir: _Path, formats: Sequence[str] = ..., quiet: bool = True) -> List[str]: ...
    def partial(self) -> Partial: ...
    def top_links(self, n: int = 5) -> List[Tuple[str, str, float]]: ...

class Partial:
    """Mergeable and picklable part of a result."""
    @property
    def documents(self) -> int: ...
    def to_bytes(self) -> bytes: ...
    @staticmethod
    def from_bytes(data: bytes, extractor: Extractor) -> List[Partial]: ...
    def result(self) -> Result: ...

def merge(parts: Iterable[Union[Partial, Result]]) -> Result:
    """The graph does not depend on the parts' order; mentions and evidence rows follow it."""
