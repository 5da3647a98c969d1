"""Find entity mentions in paper titles and abstracts: lexicon plus discovery rules.

Two sources of names are combined (see GUIDELINES.md for what counts):

1. the lexicon, found with one Aho–Corasick automaton (``matcher.py``), extended
   to the versioned or variant name it is part of (``BERT-base``, ``Flan-T5``);
2. rules for names no lexicon has: abbreviation definitions (``Long Form (LF)``
   and ``LF (Long Form)``), ``we propose NAME``, a title ``NAME: ...``, ``the NAME
   dataset``, names built on a known model (``CySecBERT``, ``MiniGPT-4``) and
   names listed beside known entities.

Every rule is a regular expression or a scan over the few candidate tokens it
finds, so that extraction stays fast on large corpora.
"""

from __future__ import annotations

import re
import string
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from typing import NamedTuple

import ahocorasick
from rapidfuzz import fuzz

from graphbuild.lexicon import Lexicon, LexiconEntry
from graphbuild.matcher import LexiconMatch, LexiconMatcher
from graphbuild.model import EntityType, Field, Mention, Paper
from graphbuild.normalize import name_key, singular_key

M, D, B, T = EntityType.MODEL, EntityType.DATASET, EntityType.BENCHMARK, EntityType.METHOD

# Field words, settings and umbrella terms (GUIDELINES rule 2), tasks and other
# non-entities (rule 3): never an entity, whatever rule proposes them.
_GENERIC_TERMS = """
pre-training pretraining fine-tuning finetuning training learning deep learning machine learning
neural network neural networks deep neural networks language model language models large language
models large language model LLM LLMs LM LMs PLM PLMs PTM PTMs foundation model foundation models
NLP NLU NLG AI AGI artificial intelligence natural language processing
natural language understanding
natural language generation transfer learning self-supervised learning representation learning
generative models generative model few-shot learning zero-shot learning continual learning
multi-task learning multitask learning meta-learning meta learning federated learning active
learning imitation learning preference learning reinforcement learning RL supervised learning
unsupervised learning semi-supervised learning computer vision CV vision-language models VLM VLMs
multimodal large language models MLLM MLLMs large multimodal models LMM LMMs pre-trained language
models pretrained language models pre-trained models pretrained models deep neural network DNN DNNs
vision-language pre-training VLP question answering QA VQA visual question answering summarization
machine translation MT code generation named entity recognition NER sentiment analysis
text classification image classification object detection semantic segmentation image captioning
speech recognition ASR information retrieval IR state of the art SOTA GPU GPUs CPU TPU API APIs
URL LaTeX PDF JSON SQL HTML CSV GitHub arXiv OpenAI Google Meta Microsoft DeepMind Anthropic
English Chinese AST abstract syntax tree CL catastrophic forgetting in-weights learning
knowledge graph knowledge graphs KG KGs FLOPs FLOP BLEU ROUGE F1 mIoU RAM CUDA HPC I/O IO
open-source open source
"""


def _generic_keys() -> frozenset[str]:
    keys: set[str] = set()
    # Multi-word terms are separated by the known phrase list below; single words by spaces.
    phrases = [
        "pre-training",
        "fine-tuning",
        "training",
        "learning",
        "deep learning",
        "machine learning",
        "neural network",
        "deep neural network",
        "language model",
        "large language model",
        "foundation model",
        "natural language processing",
        "natural language understanding",
        "natural language generation",
        "transfer learning",
        "self-supervised learning",
        "representation learning",
        "generative model",
        "few-shot learning",
        "zero-shot learning",
        "continual learning",
        "multi-task learning",
        "meta-learning",
        "federated learning",
        "active learning",
        "imitation learning",
        "preference learning",
        "reinforcement learning",
        "supervised learning",
        "unsupervised learning",
        "semi-supervised learning",
        "computer vision",
        "vision-language model",
        "multimodal large language model",
        "large multimodal model",
        "pre-trained language model",
        "pretrained language model",
        "pre-trained model",
        "pretrained model",
        "vision-language pre-training",
        "question answering",
        "visual question answering",
        "summarization",
        "machine translation",
        "code generation",
        "named entity recognition",
        "sentiment analysis",
        "text classification",
        "image classification",
        "object detection",
        "semantic segmentation",
        "image captioning",
        "speech recognition",
        "information retrieval",
        "state of the art",
        "artificial intelligence",
        "abstract syntax tree",
        "catastrophic forgetting",
        "knowledge graph",
        "open source",
        "large vision-language model",
        "small language model",
        "masked language model",
        "multimodal model",
        "diffusion model",
        "embedding model",
        "text-to-image model",
        "code language model",
        "code model",
        "chat model",
        "reward model",
        "teacher model",
        "student model",
        "base model",
        "language modeling",
        "instruction following",
        "in-weights learning",
        "data selection",
        "prompting",
    ]
    for phrase in phrases:
        keys.add(name_key(phrase))
        keys.add(name_key(phrase + "s"))
    for word in _GENERIC_TERMS.split():
        keys.add(name_key(word))
    return frozenset(keys)


GENERIC_KEYS = _generic_keys()

# Head words that say what an abbreviation's long form names.
_TASK_HEADS = frozenset(
    """
    segmentation classification recognition generation answering translation
    summarization captioning completion extraction labeling labelling tagging parsing
    understanding reasoning analysis processing prediction estimation forecasting
    retrieval search detection localization grounding tracking synthesis editing
    verification evaluation assessment comprehension inference planning navigation
    manipulation control dialogue conversation chat writing correction resolution
    linking matching ranking recommendation answering forgetting shift bias biases
    hallucination hallucinations intelligence vision
""".split()
)
_METHOD_HEADS = frozenset(
    """
    tuning training learning prompting prompt prompts adaptation distillation attention
    optimization optimizer descent regularization pruning quantization decoding sampling
    embedding embeddings encoding modeling modelling masking augmentation alignment
    initialization normalization norm algorithm method approach framework technique
    strategy mechanism objective loss network networks architecture layer layers module
    unit units transformer transformers parallelism scheduling scheduler schedule
    sharing surgeon exploration construction selection merging averaging fusion
    tokenization decomposition factorization adapter adapters projection routing gating
    experts expert search perceptron autoencoder auto-encoder memory paradigm process
    policy patching rephrasing dropout pooling convolution chain
""".split()
)
_DATASET_HEADS = frozenset(
    ["dataset", "datasets", "corpus", "corpora", "collection", "data", "caption", "captions"]
)
_BENCHMARK_HEADS = frozenset(["benchmark", "benchmarks", "bench", "suite", "leaderboard", "arena"])

# Words after a name that type it (``the SQuAD dataset``, ``GLUE benchmark``).
_CUE_AFTER = re.compile(
    r"[\s-]*(?:(?:large|small|base|language|vision|pre-?trained|\w+-\w+)\s+){0,2}"
    r"(datasets?|data\s?sets?|corpus|corpora|benchmarks?|suites?|leaderboards?|models?|"
    r"llms?|checkpoints?|framework|method|approach|technique|algorithm)\b",
    re.IGNORECASE,
)
_TYPE_WORD_NEAR = re.compile(r"data|corp|bench|suite|leader", re.IGNORECASE)
# Characters (and "", the text's end) after which _CUE_AFTER cannot match: it starts
# with white space, a hyphen or a word character.
_NO_CUE_NEXT = frozenset(["", ")", "(", ",", ":", ";", ".", "/", "{", "}", "[", "]", '"', "'"])


def _type_word_near(text: str, start: int) -> bool:
    """Is a type word (data, corpus, benchmark, ...) within 40 characters of ``start``?"""
    if not text.isascii():
        return _TYPE_WORD_NEAR.search(text, start, start + 40) is not None
    # In ASCII text, lower case and ``in`` find the same, several times faster.
    near = text[start : start + 40].lower()
    return (
        "data" in near or "corp" in near or "bench" in near or "suite" in near or ("leader" in near)
    )


_CUE_TYPES = {
    "dataset": D,
    "datasets": D,
    "dataset s": D,
    "data set": D,
    "data sets": D,
    "dataset,": D,
    "corpus": D,
    "corpora": D,
    "benchmark": B,
    "benchmarks": B,
    "suite": B,
    "suites": B,
    "leaderboard": B,
    "leaderboards": B,
    "model": M,
    "models": M,
    "llm": M,
    "llms": M,
    "checkpoint": M,
    "checkpoints": M,
    "framework": T,
    "method": T,
    "approach": T,
    "technique": T,
    "algorithm": T,
}

# Candidate names: tokens with an inner capital or a digit beside letters.
_TOKEN = re.compile(r"(?<![\w\-.])[\w][\w\-.+']*[\w+]|(?<![\w\-.])\w")
# A capital inside a word part (LoRA, GPT, mT5, e-SNLI) or letters with digits (T5, C4);
# Title-Case compounds (Spatial-Temporal) are not names.
_NAME_LIKE = re.compile(r"(?:[A-Za-z][A-Z])|(?:[A-Za-z].*\d)|(?:\d.*[A-Za-z])")
# Run on lower-cased text: faster than IGNORECASE.
_CUE_LIST = re.compile(
    r"(datasets|benchmarks|models|llms|corpora)\b[^.;:()]{0,30}?"
    r"(?:such as|including|like|namely|e\.g\.,?|:|\()\s*"
    r"([^.;()]{2,200}?)(?=[.;)]|\s+(?:as|to|for|with|on|in|that|which|where|show|and then)\s|$)"
)


def _may_start_list(low: str, start: int) -> bool:
    """Can _CUE_LIST match at ``start``? Only with a list opener in the 49 characters
    from there: type word (at most 10), up to 30 others, opener (at most 9)."""
    near = low[start : start + 49]
    return (
        ":" in near
        or "(" in near
        or "like" in near
        or "such as" in near
        or "including" in near
        or "namely" in near
        or "e.g." in near
    )


_LIST_ITEM = re.compile(r"(?:^|,|\band\b|\bor\b)\s*(?:the\s+)?([^,]+?)\s*(?=,|\band\b|\bor\b|$)")


# Each character's shape: U upper-case, l lower-case, d digit, space for white space.
_SHAPE = str.maketrans(
    {
        **{c: "U" for c in string.ascii_uppercase},
        **{c: "l" for c in string.ascii_lowercase},
        **{c: "d" for c in string.digits},
        **{c: " " for c in "\t\n\r\x0b\x0c\xa0"},
    }
)
# Shapes inside a name-like word: GPT, LoRA, T5, 7B.
_NAME_SHAPES = ("UU", "lU", "Ud", "ld", "dU", "dl", "l-d", "U-d", "d-l", "d-U")
# All of them found in one pass over the shape string (value: the shape's length).
_NAME_SHAPE_FINDER = ahocorasick.Automaton()
for _shape in _NAME_SHAPES:
    _NAME_SHAPE_FINDER.add_word(_shape, len(_shape))
_NAME_SHAPE_FINDER.make_automaton()


_VERSION_TAIL = re.compile(
    r"(?:v?\d+[a-z]?|\d+[bmk]|base|large|small|tiny|mini|medium|xl|xxl|chat|instruct|it|hf|sft)$"
)


def version_stem(key: str) -> str:
    """A name key without its versions and sizes: ``llama3181b`` -> ``llama``."""
    stem = key
    while True:
        shorter = _VERSION_TAIL.sub("", stem)
        if shorter == stem or not shorter:
            return stem
        stem = shorter


def _name_like_tokens(text: str) -> list[tuple[int, str]]:
    """(offset, token) of the tokens of the words of ``text`` that may be name-like.

    Every token _NAME_LIKE accepts is among them; the caller applies _NAME_LIKE (once
    per distinct token, in Extractor._describe_token).

    The text's shape string is searched with one Aho–Corasick pass for the few letter
    pairs a name-like word holds, so that only those words are looked at in Python:
    several times faster than one regular expression, or a loop, over every word (and
    about twice as fast as one ``str.find`` loop per pair).
    """
    shape = text.translate(_SHAPE)
    tokens: list[tuple[int, str]] = []  # a list: cheaper than resuming a generator
    reached = -1
    # Hits come in order of their last character; no shape holds a space, so the hits
    # of one word come together, after those of the words before it.
    for last, size in _NAME_SHAPE_FINDER.iter(shape):
        hit = last - size + 1
        if hit < reached:
            continue  # another hit in a word already looked at
        start = shape.rfind(" ", 0, hit) + 1
        end = shape.find(" ", hit)
        reached = end = len(text) if end == -1 else end
        word = text[start:end]
        if word.isalnum():
            # One token, the whole word (what _TOKEN finds there): half the words, and
            # faster than the expression.
            tokens.append((start, word))
            continue
        for token in _TOKEN.finditer(text, start, end):
            tokens.append((token.start(), token.group().rstrip(".")))
    return tokens


_ROMAN = re.compile(r"\A[IVX]+\Z")
_URL_STARTS = ("http://", "https://", "www.", ".com/", ".org/", ".io/", ".ai/", ".net/")


def _url_spans(text: str) -> list[tuple[int, int]]:
    """Where URLs are: names inside them (``github.com/org/MyNet-V2``) are not mentions."""
    spans: list[tuple[int, int]] = []
    # Every start but "www." holds a slash: most texts have none, and need one scan.
    for domain in _URL_STARTS if "/" in text else ("www.",):
        # From the white space before "http://" or "github.com/" to the white space after.
        found = text.find(domain)
        while found != -1:
            start = max(text.rfind(" ", 0, found), text.rfind("(", 0, found)) + 1
            end = text.find(" ", found)
            spans.append((start, len(text) if end == -1 else end))
            found = text.find(domain, found + len(domain))
    return spans


_NOT_NAMES = frozenset(
    """
    ID OoD VL LRL LRLs HRL HRLs SLM SLMs LLMOps MLOps NLI
    II III IV VI VII VIII IX XI XII AI ML NLP NLU NLG LLM LLMs LM LMs PLM PLMs PTM PTMs
    API APIs GPU GPUs CPU CPUs TPU TPUs URL URLs PDF JSON SQL HTML CSV SOTA IoT COVID-19
    USA US UK EU IID OOD OOV CoT QA VQA MT ASR TTS OCR NER POS KG KGs RL IR CV VLM VLMs
    MLLM MLLMs LVLM LVLMs LMM LMMs DNN DNNs FLOPs TFLOPs PFLOPs FLOP GB TB MB KB ms GHz
    TeraFLOPs H100 A100 V100 A800 H800 RTX CUDA NVIDIA I/O IO ID IDs ChatGPT's LLM's CLS
    SEP EOS BOS AUC ROC F1 BLEU ROUGE ROUGE-L ROUGE-1 ROUGE-2 METEOR CIDEr mIoU mAP PPL
    EM MRR NDCG nDCG MSE MAE RMSE top-1 Top-1 top-5 Top-5 Pass@1 pass@1 pass@k TL;DR e.g
    i.e AGI HCI NL PL SE GitHub HuggingFace LaTeX PyTorch TensorFlow JAX MindSpore
    PaddlePaddle DeepSpeed Megatron-LM OpenAI DeepMind arXiv iOS macOS Python Java
    JavaScript C++ C# ChatGPT-like 2D 3D 4D 1D 6D 1B 3B 7B 8B 13B 30B 65B 70B 175B B2B
    N-gram n-gram N-grams n-grams
""".split()
)

_ABBREV_IN_PARENS = re.compile(r"\(\s*([A-Za-z][\w\-.+&/']{0,18}?)\s*(?:[,;][^()]{0,40})?\)")
_PARENS = re.compile(r"\(([^()]{6,120})\)")
_LAST_TOKEN = re.compile(r"([A-Za-z][\w\-.+]{1,15})\s*\Z")

_INTRO = re.compile(
    r"\b(?:we|We|paper|work|study)\s+(?:\w+\s+){0,2}?"
    r"(?:propose|introduce|present|develop|release|build|construct|design|create|curate|"
    r"name|call|dub|term|open-source|contribute|describe|train|pretrain|pre-train)(?:s|d|ed)?\b"
    r"([^.;:]{0,160})"
)
# Words where _INTRO and _CUE_LIST can start: matching the expressions only there is
# much faster than scanning the whole text with them. They are found by the lexicon's
# automaton in the same pass as the lexicon names (padded form: label).
_TRIGGERS: dict[str, str] = {}
for _word in ("we", "paper", "work", "study"):
    _TRIGGERS[f" {_word} "] = "intro"
for _word in ("datasets", "benchmarks", "models", "llms", "corpora"):
    _TRIGGERS[f" {_word}"] = "cue"
for _word in ("called", "named", "dubbed", "termed", "coined", "namely", "denoted", "referred"):
    _TRIGGERS[f" {_word}"] = "called"


def _trigger_positions(marked: list[tuple[int, str]]) -> dict[str, list[int]]:
    """Offsets in the text of each kind of trigger word, from the matcher's markers."""
    found: dict[str, list[int]] = {"intro": [], "cue": [], "called": []}
    for offset, kind in marked:
        found[kind].append(offset)
    return found


def _matches_at(pattern: re.Pattern[str], text: str, starts: list[int]) -> Iterator[re.Match[str]]:
    """``pattern`` matched at each of ``starts``, skipping starts inside an earlier match."""
    reached = 0
    for start in starts:
        if start < reached:
            continue
        match = pattern.match(text, start)
        if match is not None:
            reached = match.end()
            yield match


_CAPITAL = re.compile("[A-Z]")
_TASK_BEFORE = re.compile(r"\b(?:task|problem|setting|challenge|question)s?\b", re.IGNORECASE)
_CALLED = re.compile(
    r"\b(?:called|named|dubbed|termed|coined|namely|denoted(?:\s+as)?|referred\s+to\s+as)\s+"
    r"[\"'“]?([A-Z][\w\-.+']*[\w+])"
)
_TITLE_NAME = re.compile(r"\A\s*([^:]{1,40}?)\s*:\s+\S")

# Modifiers after a hyphen that do not make a new name (``BERT-based``, ``LoRA-tuned``).
_MODIFIER_SUFFIXES = frozenset(
    """
    based like style tuned only free specific level aware driven guided enhanced
    augmented generated powered derived inspired sized scale wise type family series
    variant variants pretrained trained finetuned fine tuned equipped initialized init
    layer layers model models encoder decoder architecture architectures backbone
    backbones baseline baselines paper papers score scores loss results output outputs
    style embeddings embedding family evaluation evaluated judged assisted annotated
    labeled labelled centric parameter parameters
""".split()
)
_VERSION_PART = re.compile(
    r"\A(?:\d+(?:\.\d+)*[a-zA-Z]{0,2}|v\d+(?:\.\d+)*|[A-Z]{1,3}\d*|[a-z]?\d+[a-zA-Z]*|"
    r"base|large|small|tiny|mini|medium|xl|xxl|huge|giant|chat|instruct|mono|multi|"
    r"Base|Large|Small|Tiny|Mini|Medium|XL|XXL|Huge|Giant|Chat|Instruct|Mono|Multi|"
    r"Turbo|turbo|Pro|pro|Ultra|Plus|plus|Lite|lite|Nano|Mono|Code|Math|Vision|Legal|Pretrain|"
    r"Doctor|SFT|DPO|RM|Preview|preview|Flash|flash|Omni|omni|it|hf|HF)\Z"
)


class _Found(NamedTuple):
    """A candidate mention inside one field before conflicts are settled.

    A NamedTuple rather than a dataclass: dozens are made per paper, and this is faster.
    """

    start: int
    end: int
    type: EntityType
    rule: str
    priority: int
    canonical: str | None = None
    aliases: tuple[str, ...] = ()
    introduced: bool = False
    short_form: str | None = None


def _same_long_form(entry: LexiconEntry, long_form: str) -> bool:
    """Does ``long_form`` spell one of the entry's multi-word names (or has it none)?"""
    long_names = [form for form in entry.forms if " " in form or "-" in form]
    if not long_names:
        return True
    key = singular_key(name_key(long_form))
    return any(fuzz.ratio(key, singular_key(name_key(n))) >= 80 for n in long_names)


class Extractor:
    """Extract mentions from papers with a lexicon and the discovery rules.

    Args:
        lexicon: the entities known by name.
    """

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self.matcher = LexiconMatcher(lexicon, _TRIGGERS)
        self._by_key = lexicon.by_key()
        self._families = Families.from_lexicon(lexicon)
        self._token_info: dict[str, tuple[str, EntityType | None, str | None]] = {}
        # Known names without their version: "LLaMA3.1-8B" and "Kinetics-710" are new
        # versions of the LLaMA and Kinetics families.
        self._stems: dict[str, EntityType] = {}
        for entry in lexicon.entries:
            for form in entry.forms:
                key = name_key(form)
                stem = version_stem(key)
                if stem != key and len(stem) >= 3:
                    self._stems.setdefault(stem, entry.type)
        self._trigger_text: str | None = None
        self._trigger_positions: dict[str, list[int]] = {}

    def _triggers(self, text: str) -> dict[str, list[int]]:
        """Where the words that start a rule stand in ``text`` (kept for the text at hand)."""
        if self._trigger_text is not text:
            self._trigger_text = text
            self._trigger_positions = _trigger_positions(self.matcher.scan(text)[1])
        return self._trigger_positions

    def extract(self, paper: Paper) -> list[Mention]:
        """Return the mentions of ``paper``, title first, in text order."""
        fields = [(Field.TITLE, paper.title), (Field.ABSTRACT, paper.abstract)]
        found = {f: self._find(text, f is Field.TITLE, paper) for f, text in fields}
        found = self._spread_discoveries(found, fields)
        paper_id = paper.id
        # Mention's fields passed by position, in their order: a third faster than by
        # keyword, and there are several mentions per paper.
        return [
            Mention(
                paper_id,
                text[start:end],
                start,
                end,
                where,
                entity_type,
                rule,
                canonical,
                aliases,
                introduced,
                short_form,
            )
            for where, text in fields
            for start, end, entity_type, rule, _, canonical, aliases, introduced, short_form in (
                found[where]
            )
        ]

    # -- one field -------------------------------------------------------------------------

    def _find(self, text: str, is_title: bool, paper: Paper) -> list[_Found]:
        if not text:
            return []
        candidates: list[_Found] = []
        matches, marked = self.matcher.scan(text)
        self._trigger_text, self._trigger_positions = text, _trigger_positions(marked)
        candidates.extend(self._from_lexicon(text, matches))
        if "(" in text:  # both abbreviation patterns hold a parenthesis
            candidates.extend(self._abbreviations(text))
        candidates.extend(self._introductions(text, paper))
        if is_title and ":" in text:  # the rule's ``NAME: subtitle`` needs a colon
            candidates.extend(self._title_name(text, paper))
        candidates.extend(self._name_like(text, matches))
        if not is_title:
            candidates.extend(self._cue_lists(text, matches))
        urls = _url_spans(text)
        if urls:
            candidates = [c for c in candidates if not any(u0 <= c.start < u1 for u0, u1 in urls)]
        return _settle(text, candidates)

    def _from_lexicon(self, text: str, matches: list[LexiconMatch]) -> Iterable[_Found]:
        for match in matches:
            entry = match.entry
            following = text[match.end : match.end + 1]
            if text[match.start - 1 : match.start] == "-" or (following and following in "-+_."):
                start, end = _compound_bounds(text, match.start, match.end)
                if (start, end) != (match.start, match.end):
                    variant = self._variant(text, match, start, end)
                    if variant is not None:
                        yield variant
                        continue
            # "the Alpaca dataset", "MS MARCO benchmark": the paper's own words type it.
            entity_type = entry.type
            if entity_type is not T and _type_word_near(text, match.end):
                entity_type = _cue_type(text, match.end, entity_type) or entity_type
            yield _Found(
                match.start,
                match.end,
                entity_type,
                "lexicon",
                2,
                canonical=entry.name,
            )

    def _variant(self, text: str, match: LexiconMatch, start: int, end: int) -> _Found | None:
        """A lexicon name inside a longer token: a version or variant (``BERT-base``)."""
        entry = match.entry
        before = text[start : match.start].strip("-")
        after = text[match.end : end].lstrip("-")
        after_parts = [p for p in re.split(r"-", after) if p]
        if after_parts and after_parts[0].lower() in _MODIFIER_SUFFIXES and not before:
            return None
        if entry.type is T and not before and all(p.islower() for p in after_parts):
            return None
        if not all(_VERSION_PART.match(p) or p[:1].isupper() for p in after_parts):
            return None
        if before and not (before[:1].isupper() or before[:1].isdigit()):
            return None
        if before.lower() in {"pre", "non", "post", "multi", "sub", "re", "self", "cross"}:
            return None
        if before in _NOT_NAMES:
            return None
        surface = text[start:end]
        known = self._by_key.get(name_key(surface))
        if known is not None:
            return _Found(start, end, known.type, "lexicon", 3, canonical=known.name)
        # "Tulu3-SFT" is a Tulu model, not a fine-tuning method.
        head = self._by_key.get(name_key(before)) if before else None
        if head is None and before:
            family = self._families.type_of(before + "-")
            entity_type = family or entry.type
        else:
            entity_type = head.type if head is not None else entry.type
        return _Found(start, end, entity_type, "variant", 3)

    def _abbreviations(self, text: str) -> Iterable[_Found]:
        """``Long Form (LF)`` and ``LF (Long Form)``: one entity under the short name."""
        for match in _ABBREV_IN_PARENS.finditer(text):
            short = match.group(1).rstrip(".")
            if not _looks_like_abbreviation(short) or short in _NOT_NAMES:
                continue
            window_start = max(0, match.start() - 150)
            long_start = _long_form_start(text[window_start : match.start()], short)
            if long_start is None:
                continue
            long_start += window_start
            long_end = match.start()
            while long_end > long_start and text[long_end - 1] in " ,":
                long_end -= 1
            long_form = text[long_start:long_end]
            found = self._abbreviation_pair(
                long_form,
                short,
                (long_start, long_end),
                (match.start(1), match.start(1) + len(short)),
            )
            yield from found
        for match in _PARENS.finditer(text):
            # "LF (Long Form)": the short form is the token right before the parenthesis.
            inside = match.group(1).strip()
            if len(inside) < 6 or not inside[:1].isupper():
                continue
            before = _LAST_TOKEN.search(text, max(0, match.start() - 20), match.start())
            if before is None:
                continue
            short = before.group(1)
            if short in _NOT_NAMES or not _looks_like_abbreviation(short):
                continue
            if _long_form_start(inside, short) != 0:
                continue
            inner_start = match.start(1) + match.group(1).index(inside)
            yield from self._abbreviation_pair(
                inside,
                short,
                (inner_start, inner_start + len(inside)),
                (before.start(1), before.end(1)),
            )

    def _abbreviation_pair(
        self, long_form: str, short: str, long_span: tuple[int, int], short_span: tuple[int, int]
    ) -> list[_Found]:
        known = self._by_key.get(name_key(long_form)) or self._by_key.get(
            singular_key(name_key(long_form))
        )
        if known is None:
            known = self._by_key.get(name_key(short))
            if known is not None and not _same_long_form(known, long_form):
                known = None  # "SFT (sparse fine-tuning)" is not supervised fine-tuning
        if known is not None:
            # A known entity: one node with the lexicon's, named in this paper by its short form.
            return [
                _Found(*span, known.type, "lexicon", 4, canonical=known.name, short_form=short)
                for span in (short_span, long_span)
            ]
        if _is_generic(long_form) or _is_generic(short):
            return []
        entity_type = _type_of_long_form(long_form, short, self._families)
        if entity_type is None:
            return []
        return [
            _Found(
                *span,
                entity_type,
                "abbreviation",
                4,
                canonical=short,
                aliases=(long_form,),
                short_form=short,
            )
            for span in (short_span, long_span)
        ]

    def _introductions(self, text: str, paper: Paper) -> Iterable[_Found]:
        """``we propose NAME``, ``a method called NAME``: the paper's own contribution."""
        for match in _matches_at(_INTRO, text, self._triggers(text)["intro"]):
            clause = match.group(1)
            offset = match.start(1)
            first = 0
            if clause.isascii():
                # Only a token with a capital passes the tests below: start at the word
                # of the first capital (tokens never hold a space), if there is one.
                capital = _CAPITAL.search(clause)
                if capital is None:
                    continue
                first = clause.rfind(" ", 0, capital.start()) + 1
            for token in _TOKEN.finditer(clause, first):
                name = token.group().rstrip(".")
                if name.islower() or not _is_new_name(
                    name, allow_capitalised=True, clause=clause, at=token
                ):
                    continue
                if _TASK_BEFORE.search(clause, 0, token.start()):
                    break  # "we introduce the novel task of Visual Data-Type Identification"
                start = offset + token.start()
                known = self._by_key.get(name_key(name))
                if known is not None:
                    # "We present CySecBERT, a ...": a known name right after the verb is
                    # still this paper's contribution; one further on is only used.
                    if token.start() <= 4 and re.match(r"\s*[,(:]", clause[token.end() :]):
                        yield _Found(
                            start,
                            start + len(name),
                            known.type,
                            "lexicon",
                            3,
                            canonical=known.name,
                            introduced=True,
                        )
                    break
                entity_type = _cue_type(clause, token.end(), None) or _intro_type(
                    clause, token.start(), token.end(), name, self._families
                )
                yield _Found(
                    start, start + len(name), entity_type, "introduced", 3, introduced=True
                )
                break
        for match in _matches_at(_CALLED, text, self._triggers(text)["called"]):
            name = match.group(1)
            if name_key(name) in self._by_key or _is_generic(name) or name in _NOT_NAMES:
                continue
            before = text[max(0, match.start() - 80) : match.start()]
            entity_type = _intro_type(before, len(before), len(before), name, self._families)
            yield _Found(
                match.start(1),
                match.start(1) + len(name),
                entity_type,
                "introduced",
                3,
                introduced=True,
            )

    def _title_name(self, title: str, paper: Paper) -> Iterable[_Found]:
        """A title ``NAME: subtitle`` introduces NAME."""
        match = _TITLE_NAME.match(title)
        if not match:
            return
        name = match.group(1)
        words = name.split()
        if len(words) > 3 or _is_generic(name) or name.endswith("?"):
            return
        if len(words) > 1 and not any(
            _NAME_LIKE.search(w) and w not in _NOT_NAMES and not _is_generic(w) for w in words
        ):
            return
        if len(words) > 1 and (words[0].lower() in _TITLE_LEAD_WORDS or words[0].endswith("ing")):
            return
        if not name[:1].isalnum() or name.lower() in _TITLE_NOT_NAMES:
            return
        known = self._by_key.get(name_key(name))
        subtitle = title[match.end() - 1 :]
        if known is not None:
            yield _Found(
                match.start(1),
                match.end(1),
                known.type,
                "lexicon",
                3,
                canonical=known.name,
                introduced=True,
            )
            return
        entity_type = _subtitle_type(subtitle, name, paper.abstract, self._families)
        yield _Found(match.start(1), match.end(1), entity_type, "title", 3, introduced=True)

    def _name_like(self, text: str, matches: list[LexiconMatch]) -> Iterable[_Found]:
        """Unknown name-like tokens typed by a cue word, a known family or their list."""
        match_starts: list[int] | None = None  # made when first needed, once per text
        for start, token in _name_like_tokens(text):
            info = self._token_info.get(token)
            if info is None:
                info = self._token_info[token] = self._describe_token(token)
            name, family, canonical = info
            if not name:
                continue
            end = start + len(name)
            if canonical is not None and family is not None:
                yield _Found(start, end, family, "lexicon", 2, canonical=canonical)
                continue
            cue = _cue_type(text, end, None)
            if family is not None:
                yield _Found(start, end, cue if cue in (D, B) else family, "family", 1)
            elif cue is not None:
                yield _Found(start, end, cue, "cue", 1)
            else:
                if match_starts is None:
                    match_starts = [m.start for m in matches]
                listed = _list_type(text, start, end, matches, match_starts)
                if listed is not None:
                    yield _Found(start, end, listed, "listed", 0)

    def _describe_token(self, token: str) -> tuple[str, EntityType | None, str | None]:
        """The name a token stands for ("" if none), its family's type, its lexicon name.

        This depends on the token alone, and names recur across papers (GPT-4, BERT),
        so the answer is kept per token.
        """
        if len(self._token_info) > 200_000:
            self._token_info.clear()
        if not _NAME_LIKE.search(token):
            return "", None, None
        head, _, suffix = token.rpartition("-")
        name = head if head and suffix.lower() in _MODIFIER_SUFFIXES else token
        if not _is_new_name(name, allow_capitalised=False):
            return "", None, None
        known = self._by_key.get(name_key(name))
        if known is not None:
            # A spelling the automaton's variants missed ("LLaMA3.1-8B" for "Llama 3.1 8B").
            return name, known.type, known.name
        stem = self._stems.get(version_stem(name_key(name)))
        return name, stem if stem is not None else self._families.type_of(name), None

    def _cue_lists(self, text: str, matches: list[LexiconMatch]) -> Iterable[_Found]:
        """Names listed after a type word: ``datasets such as A, B and C``, ``models (A, B)``."""
        low = text.lower()
        if len(low) != len(text):
            return
        # Most type words start no list: a test of the text right after them is several
        # times faster than the expression.
        starts = [start for start in self._triggers(text)["cue"] if _may_start_list(low, start)]
        for match in _matches_at(_CUE_LIST, low, starts):
            entity_type = _HEAD_TYPES.get(match.group(1).lower())
            if entity_type not in (M, D, B):
                continue
            offset = match.start(2)
            listed = text[match.start(2) : match.end(2)]
            for item in _LIST_ITEM.finditer(listed):
                words = item.group(1).split()
                while words and (words[0][:1].islower() and not _NAME_LIKE.search(words[0])):
                    words.pop(0)  # "and", "the", "widely used"
                while words and words[-1].lower() in _HEAD_TYPES:
                    words.pop()  # "Spider benchmark"
                name = " ".join(words)
                if not words or len(words) > 3 or _is_generic(name) or name in _NOT_NAMES:
                    continue
                if not all(w[:1].isupper() or _NAME_LIKE.search(w) for w in words):
                    continue
                if re.fullmatch(r"[\d.,\-–]+[KMBT]?", name):
                    continue
                start = offset + item.start(1) + item.group(1).index(name)
                known = self._by_key.get(name_key(name))
                if known is not None:
                    continue  # the lexicon match already stands for it
                yield _Found(start, start + len(name), entity_type, "listed", 1)

    # -- across fields ---------------------------------------------------------------------

    def _spread_discoveries(
        self, found: dict[Field, list[_Found]], fields: list[tuple[Field, str]]
    ) -> dict[Field, list[_Found]]:
        """Mark every other occurrence of a name a rule discovered in this paper."""
        discovered: dict[str, _Found] = {}
        for where, text in fields:
            for item in found[where]:
                if item.short_form is not None:
                    # The lexicon already finds its own short forms elsewhere in the text.
                    surface = text[item.start : item.end]
                    entry = self._by_key.get(name_key(surface))
                    if item.short_form == surface and (
                        entry is None or entry.name != item.canonical
                    ):
                        discovered.setdefault(surface, item)
                elif item.rule != "lexicon":
                    discovered.setdefault(text[item.start : item.end], item)
        if not discovered:
            return found
        result: dict[Field, list[_Found]] = {}
        for where, text in fields:
            # An occurrence on the span of a found item at least as strong would lose to
            # it in _settle: leaving it out changes nothing, and often leaves nothing to
            # settle (the items found are settled already).
            strength = {(item.start, item.end): item.priority for item in found[where]}
            extra: list[_Found] = []
            for surface, item in discovered.items():
                priority = 3 if item.short_form else 1
                size = len(surface)
                for start in _occurrences(text, surface):
                    if strength.get((start, start + size), -1) < priority:
                        extra.append(
                            _Found(
                                start,
                                start + size,
                                item.type,
                                item.rule,
                                priority,
                                item.canonical,
                                item.aliases,
                                False,
                                item.short_form,
                            )
                        )
            result[where] = _settle(text, found[where] + extra) if extra else found[where]
        return result


def _occurrences(text: str, name: str) -> Iterator[int]:
    """Start offsets of ``name`` in ``text`` as a whole token (not inside a longer name)."""
    start = text.find(name)
    size = len(name)
    while start != -1:
        before = text[start - 1 : start]
        after = text[start + size : start + size + 2]
        if not (before.isalnum() or before in ("-", "_")) and not (
            after[:1].isalnum()
            or after[:1] in ("+", "_")
            or (after[:1] == "-" and after[1:2].isalnum())
        ):
            yield start
        start = text.find(name, start + size)


_TITLE_LEAD_WORDS = frozenset(
    "beyond towards toward on in for from when why how what is are do does can rethinking "
    "revisiting a an the".split()
)
_TITLE_NOT_NAMES = frozenset(
    """
    survey review position tutorial overview introduction perspective perspectives
    opinion commentary note report abstract
""".split()
)


def _settle(text: str, candidates: list[_Found]) -> list[_Found]:
    """Keep the best candidate where spans overlap: higher priority, then longer, then first."""
    ordered = sorted(candidates, key=lambda c: (-c.priority, c.start - c.end, c.start))
    starts: list[int] = []  # the taken spans, sorted by start (they never overlap)
    ends: list[int] = []
    taken: list[_Found] = []
    for candidate in ordered:
        i = bisect_right(starts, candidate.start)
        if i and ends[i - 1] > candidate.start:
            continue  # overlaps the span starting before it
        if i < len(starts) and starts[i] < candidate.end:
            continue  # overlaps the span starting after it
        starts.insert(i, candidate.start)
        ends.insert(i, candidate.end)
        taken.insert(i, candidate)
    return taken


def _compound_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Grow a span to the hyphenated token it is part of (``Flan-T5-large``)."""
    size = len(text)
    new_end = end
    while new_end < size and (
        text[new_end].isalnum()
        or text[new_end] in "-+_"
        or (text[new_end] == "." and new_end + 1 < size and text[new_end + 1].isdigit())
    ):
        new_end += 1
    while new_end > end and text[new_end - 1] in "-._":
        new_end -= 1
    new_start = start
    while (
        new_start > 0
        and text[new_start - 1] == "-"
        and new_start - 2 >= 0
        and text[new_start - 2].isalnum()
    ):
        new_start -= 1
        while new_start > 0 and text[new_start - 1].isalnum():
            new_start -= 1
    return new_start, new_end


def _cue_type(text: str, end: int, default: EntityType | None) -> EntityType | None:
    """The type a following word gives a name (``SQuAD dataset``), or ``default``."""
    if text[end : end + 1] in _NO_CUE_NEXT:
        return default  # most names are followed by punctuation: skip the expression
    match = _CUE_AFTER.match(text, end, min(len(text), end + 40))
    if not match:
        return default
    cue = _CUE_TYPES.get(re.sub(r"\s+", " ", match.group(1).lower()))
    if cue is None:
        return default
    if default is not None and cue in (M, T):
        return default  # "BERT model", "LoRA method": the lexicon already knows
    if default is T:
        return default  # "LoRA benchmark results": a method stays a method
    return cue


def _is_generic(name: str) -> bool:
    key = name_key(name)
    return key in GENERIC_KEYS or singular_key(key) in GENERIC_KEYS


def _is_new_name(
    name: str, *, allow_capitalised: bool, clause: str = "", at: re.Match[str] | None = None
) -> bool:
    """Does a token look like a proper name of a model, method or data set?"""
    if len(name) < 2 or name in _NOT_NAMES or _ROMAN.match(name) or _is_generic(name):
        return False
    if name.replace(".", "").replace("-", "").isdigit() or "'" in name:
        return False
    if re.fullmatch(r"\d+(?:\.\d+)?[A-Za-z]{0,3}", name) or re.fullmatch(r"[A-Z]\d*", name):
        return False
    if _NAME_LIKE.search(name):
        return True
    if allow_capitalised and at is not None and name[:1].isupper() and len(name) > 3:
        # A capitalised word right before a comma, colon or parenthesis ("SAP (...)",
        # "Swallow, a ...") names something; one at a sentence start does not.
        follow = clause[at.end() : at.end() + 6]
        return bool(re.match(r":|,\s+(?:an?|the)\s", follow))
    return False


def _looks_like_abbreviation(short: str) -> bool:
    if not (2 <= len(short) <= 15):
        return False
    letters = [c for c in short if c.isalpha()]
    if len(letters) < 2:
        return False
    uppers = sum(map(str.isupper, letters))
    if short.lower() in {"ie", "eg", "etc", "cf", "et al", "resp", "see"}:
        return False
    return uppers >= 2 or (uppers >= 1 and any(c.isdigit() for c in short))


def _long_form_start(before: str, short: str) -> int | None:
    """Schwartz–Hearst: where the long form of ``short`` starts in ``before``, if anywhere."""
    text = before.rstrip(" ,")
    short_chars = [c.lower() for c in short if c.isalnum()]
    if not short_chars:
        return None
    s = len(short_chars) - 1
    i = len(text) - 1
    if text.isascii() and short.isascii():
        # The same search as below with str.rfind in the lower-cased text (its offsets
        # are the text's in ASCII): several times faster than a loop over characters.
        low = text.lower()
        while s >= 0:
            c = short_chars[s]
            i = low.rfind(c, 0, i + 1)
            while s == 0 and i > 0 and text[i - 1].isalnum():
                i = low.rfind(c, 0, i)  # the first letter must start a word
            if i < 0:
                return None
            i -= 1
            s -= 1
    while s >= 0:
        c = short_chars[s]
        while i >= 0 and (text[i].lower() != c or (s == 0 and i > 0 and text[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return None
        i -= 1
        s -= 1
    start = text.rfind(" ", 0, i + 1) + 1
    start = max(start, 0)
    # A word boundary before the first matched letter, and not too many words.
    long_form = text[start:]
    words = long_form.split()
    if not words or len(words) > min(len(short_chars) + 5, len(short_chars) * 2 + 1):
        return None
    if len(long_form) <= len(short) or not long_form[:1].isalnum():
        return None
    return start


def _head_word(long_form: str) -> str:
    words = re.findall(r"[A-Za-z]+", long_form.lower())
    return words[-1] if words else ""


def _type_of_long_form(long_form: str, short: str, families: Families) -> EntityType | None:
    """The type named by an abbreviation's long form; None for tasks and umbrella terms."""
    head = _head_word(long_form)
    words = set(re.findall(r"[a-z]+", long_form.lower()))
    if head in _BENCHMARK_HEADS or "benchmark" in words:
        return B
    if head in _DATASET_HEADS:
        return D
    if head in _TASK_HEADS:
        return None
    family = families.type_of(short)
    if family is not None:
        return family
    if head in ("model", "models", "lm", "lms", "llm", "llms"):
        # "Large Language Models (LLMs)" names a kind of thing; a singular, named model
        # ("Pathways Language Model (PaLM)") is a Model.
        if short.endswith("s") or head.endswith("s"):
            return None
        return M
    if head in _METHOD_HEADS or head.endswith(("ing", "tion", "ment")):
        return T
    return T


class Families:
    """Known model and method names that coin new names when part of one (``CySecBERT``)."""

    def __init__(self, names: dict[str, EntityType]):
        self.names = names
        self._automaton = ahocorasick.Automaton()
        for name in names:
            self._automaton.add_word(name, name)
        if names:
            self._automaton.make_automaton()

    @classmethod
    def from_lexicon(cls, lexicon: Lexicon) -> Families:
        names: dict[str, EntityType] = {}
        for entry in lexicon.entries:
            if entry.type not in (M, T):
                continue
            for form in entry.forms:
                letters = re.sub(r"[^A-Za-z0-9]", "", form)
                if len(letters) >= 3 and any(c.isupper() for c in letters[1:]) and " " not in form:
                    names.setdefault(form, entry.type)
        for name in ("BERT", "GPT", "LLaMA", "Llama", "T5", "BART", "CLIP", "ViT", "LLaVA"):
            names.setdefault(name, M)
        return cls(names)

    def type_of(self, name: str) -> EntityType | None:
        """The type of a known name that ``name`` is built on, if any."""
        if not self.names:
            return None
        # Longest known name first: "GraphCodeBERT" is built on "CodeBERT", not "BERT".
        found = sorted(
            ((last - len(known) + 1, known) for last, known in self._automaton.iter(name)),
            key=lambda hit: (-len(hit[1]), hit[0]),
        )
        for start, known in found:
            if known == name:
                return None
            end = start + len(known)
            before = name[start - 1 : start] if start else ""
            after = name[end : end + 1]
            # A family name glued to more capitals is part of another acronym (GLU in GLUE).
            if before.isupper() or (after.isupper() and known[-1:].isupper()):
                continue
            return self.names[known]
        return None


_NO_FAMILIES = Families({})


_HEAD_TYPES: dict[str, EntityType] = {
    **{w: B for w in _BENCHMARK_HEADS},
    **{w: D for w in ("dataset", "datasets", "corpus", "corpora", "collection", "dataset,")},
    **{
        w: M
        for w in """model models llm llms lm lms checkpoint checkpoints chatbot assistant
        mllm mllms vlm vlms slm slms lmm lmms""".split()
    },
    **{w: T for w in _METHOD_HEADS if w not in ("chain", "memory", "process", "unit", "units")},
}
_WORD = re.compile(r"[A-Za-z][A-Za-z-]*")
_STOP_SCAN = frozenset("that which who to for of with on in by from using via and or".split())


def _head_type(words: list[str]) -> EntityType | None:
    """The type of the first head noun in ``words`` (``a new benchmark``, ``LLMs``)."""
    for word in words:
        low = word.lower()
        entity_type = _HEAD_TYPES.get(low) or _HEAD_TYPES.get(low.rsplit("-", 1)[-1])
        if entity_type is not None:
            return entity_type
    return None


def _intro_type(clause: str, start: int, end: int, name: str, families: Families) -> EntityType:
    """Type a newly introduced name by the noun that describes it.

    ``NAME, a benchmark for ...`` and ``a new benchmark, NAME`` are Benchmarks; a
    name built on a known model (``CySecBERT``) takes that model's type; else Method.
    """
    family = families.type_of(name)
    after = clause[end : end + 80]
    described = re.match(
        r"\s*(?:\([^)]*\)\s*)?[,:]?\s*(?:which\s+is\s+|is\s+|as\s+)?(?:an?|the)\s+(.*)", after
    )
    if described:
        words = []
        for word in _WORD.findall(described.group(1))[:8]:
            if word.lower() in _STOP_SCAN:
                break
            words.append(word)
        entity_type = _head_type(words)
        if entity_type is not None:
            return entity_type
    before_words = _WORD.findall(clause[max(0, start - 50) : start])[-5:]
    kept: list[str] = []
    for word in reversed(before_words):
        if word.lower() in _STOP_SCAN:
            break
        kept.append(word)
    entity_type = _head_type(kept)
    if entity_type is not None and not (entity_type is M and family is T):
        return entity_type
    return family or T


def _subtitle_type(subtitle: str, name: str, abstract: str, families: Families) -> EntityType:
    """Type a ``NAME: subtitle`` title by the subtitle's first head noun or the abstract."""
    family = families.type_of(name)
    if family is not None:
        return family
    words = _WORD.findall(subtitle)
    for word in words:
        if word.lower() in _BENCHMARK_HEADS:
            return B
        if word.lower() in ("dataset", "datasets", "corpus", "corpora"):
            return D
    if words and words[0].endswith("ing") and words[0][:1].isupper():
        return T  # "NAME: Adapting LLMs via ..." names a way of doing something
    described = _described_at(abstract, name)
    if described:
        # The match starts where the name ends.
        return _intro_type(
            abstract, described.start() - len(name), described.start(), name, _NO_FAMILIES
        )
    return _head_type([w for w in words if w.lower() not in _TASK_HEADS]) or T


_DESCRIBED = re.compile(r"\b[^.;]{0,3}\s+(?:is\s+)?(?:an?)\s+")


def _described_at(text: str, name: str) -> re.Match[str] | None:
    """Where ``text`` says "NAME is a ..." / "NAME, a ...", if it does."""
    found = text.find(name)
    while found != -1:
        match = _DESCRIBED.match(text, found + len(name))
        if match is not None:
            return match
        found = text.find(name, found + 1)
    return None


_LIST_SEPARATOR = re.compile(r"\s*(?:,|and|or|,\s*and|,\s*or|/)\s*")


def _list_type(
    text: str, start: int, end: int, matches: list[LexiconMatch], match_starts: list[int]
) -> EntityType | None:
    """The type of known entities listed right beside a name (``e-SNLI, TACRED, and SemEval``).

    ``match_starts`` are the starts of ``matches``.
    """
    # Matches are in text order: look only at those just before and just after the name.
    i = bisect_right(match_starts, start)
    for m in matches[max(0, i - 1) : i + 1]:
        between = text[min(m.end, end) : max(m.start, start)]
        if _LIST_SEPARATOR.fullmatch(between):
            return m.entry.type
    return None
