"""Every word list extraction uses, in one place (GUIDELINES.md says what counts).

- ``TYPE_NOUNS``: the one table of nouns that say what a name is (``the Foo
  dataset``, ``Foo, a benchmark for ...``, ``Long Form Benchmark (LFB)``,
  ``datasets such as A and B``); every list of "words meaning dataset or
  benchmark" is derived from it.
- Generic terms, tasks and umbrella words that are never entities.
- Tokens that look like names but are not (units, hardware, metrics, file formats).
- Words that modify a known name without making a new one (``BERT-based``) and
  the version parts that do make one (``BERT-large``).
- Small lists for titles, lexicon matching and the seeds of known model families.

Nothing here depends on a text: these are data, read once at import.
"""

from __future__ import annotations

import re

from graphbuild.model import EntityType
from graphbuild.normalize import name_key, singular_key

M, D, B, T = EntityType.MODEL, EntityType.DATASET, EntityType.BENCHMARK, EntityType.METHOD

# -- nouns that type a name ------------------------------------------------------------------
#
# Roles (a word may have several):
#   cue   right after a name, types it ("the Foo dataset", "Foo benchmark", "Foo model")
#   head  the noun describing a name ("Foo, a benchmark for ...", "a new dataset, Foo")
#   long  the last word of an abbreviation's long form ("Foo Bar Corpus (FBC)")
#   list  a plural that opens a list of names ("datasets such as A, B and C")
#   then  before a name, types it ("the benchmark FooEval-Hi", "the model Foo-video")
#   named after capitalised words, makes them a name ("the Zorblax Widgets dataset",
#         "the Foo and Bar benchmarks", "the Zorblax architecture")
_TYPE_NOUN_TABLE = """
dataset       Dataset    cue head long named then
datasets      Dataset    cue head long list named
data set      Dataset    cue
data sets     Dataset    cue
corpus        Dataset    cue head long named then
corpora       Dataset    cue head long list named
collection    Dataset    head long
database      Dataset    cue head long
data          Dataset    long
caption       Dataset    long
captions      Dataset    long
benchmark     Benchmark  cue head long named then
benchmarks    Benchmark  cue head long list named then
bench         Benchmark  head long
suite         Benchmark  cue head long named
suites        Benchmark  cue
leaderboard   Benchmark  cue head long named
leaderboards  Benchmark  cue
arena         Benchmark  head long
challenge     Benchmark  cue long
challenges    Benchmark  cue
model         Model      cue head then
models        Model      cue head list
llm           Model      cue head
llms          Model      cue head list
lm            Model      head
lms           Model      head
checkpoint    Model      cue head
checkpoints   Model      cue head
chatbot       Model      head
assistant     Model      head
mllm          Model      head
mllms         Model      head
vlm           Model      head
vlms          Model      head
slm           Model      head
slms          Model      head
lmm           Model      head
lmms          Model      head
framework     Method     cue head then
method        Method     cue head then
approach      Method     cue head then
technique     Method     cue head then
algorithm     Method     cue head then
architecture  Method     named then
objective     Method     named
methods       Method     list
techniques    Method     list
approaches    Method     list
algorithms    Method     list
"""


def _type_nouns() -> dict[str, tuple[EntityType, frozenset[str]]]:
    table: dict[str, tuple[EntityType, frozenset[str]]] = {}
    for line in _TYPE_NOUN_TABLE.strip().splitlines():
        words = line.split()
        roles = [w for w in words if w in ("cue", "head", "long", "list", "named", "then")]
        type_at = len(words) - len(roles) - 1
        table[" ".join(words[:type_at])] = (EntityType(words[type_at]), frozenset(roles))
    return table


TYPE_NOUNS = _type_nouns()


def _with_role(role: str, *types: EntityType) -> dict[str, EntityType]:
    return {
        word: entity_type
        for word, (entity_type, roles) in TYPE_NOUNS.items()
        if role in roles and (not types or entity_type in types)
    }


CUE_TYPES = _with_role("cue")
"""Nouns right after a name that type it, e.g. ``dataset`` -> Dataset."""
LIST_TYPES = _with_role("list")
"""Plurals that open a list of names of their type."""
NAMING_NOUNS = _with_role("named")
"""Nouns that make the capitalised words before them a name of their type."""
NOUNS_BEFORE_NAMES = _with_role("then")
"""Nouns that type the name right after them ("the benchmark FooEval")."""
KIND_NOUNS = _with_role("head")
"""The nouns that say what kind of thing a name is ("a framework", "a model"), not what
it does ("pre-training", "prompt learning")."""
DATASET_LONG_HEADS = frozenset(_with_role("long", D))
BENCHMARK_LONG_HEADS = frozenset(_with_role("long", B))
DATASET_HEADS = frozenset(_with_role("head", D))
BENCHMARK_HEADS = frozenset(_with_role("head", B))
MODEL_HEADS = frozenset(_with_role("head", M))
# Start of each Dataset/Benchmark cue noun's first word: a text without any of these
# near a name holds no cue that could retype a known name.
DATA_CUE_PREFIXES = tuple(sorted({w.split()[0][:4] for w in _with_role("cue", D, B)}))

# Head words of a long form that name a task or a field, never an entity ("Visual
# Question Answering (VQA)"); also left out of a title's subtitle when typing it.
TASK_HEADS = frozenset(
    """
    segmentation classification recognition generation answering translation
    summarization captioning completion extraction labeling labelling tagging parsing
    understanding reasoning analysis processing prediction estimation forecasting
    retrieval search detection localization grounding tracking synthesis editing
    verification evaluation assessment comprehension inference planning navigation
    manipulation control dialogue conversation chat writing correction resolution
    linking matching ranking recommendation forgetting shift bias biases
    hallucination hallucinations intelligence vision
""".split()
)
# Head words of a long form that name an organisation, a collection of documents or a
# measure, never an entity of the four types (GUIDELINES rule 3): "Directory of Open Access
# Journals (DOAJ)", "Signal-to-Noise Ratio (SNR)", "Time To First Token (TTFT)".
NOT_ENTITY_HEADS = frozenset(
    """
    directory registry register library libraries consortium foundation agency
    organization organisation
    organizations organisations institute institution university universities center
    centre laboratory laboratories society association council committee department
    ministry administration office alliance federation union company
    ratio rate rates score scores error errors accuracy precision recall distance
    divergence coefficient deviation metric metrics measure measures latency throughput
    cost area curve index indicator value values
""".split()
)
# Nouns that make a described name a Method ("Foo, a tuning method ...").
METHOD_HEADS = frozenset(
    """
    tuning training learning prompting prompt prompts adaptation distillation attention
    optimization optimizer descent regularization pruning quantization decoding sampling
    embedding embeddings encoding modeling modelling masking augmentation alignment
    initialization normalization norm algorithm method approach framework technique
    strategy mechanism objective loss network networks architecture layer layers module
    transformer transformers parallelism scheduling scheduler schedule
    sharing surgeon exploration construction selection merging averaging fusion
    tokenization decomposition factorization adapter adapters projection routing gating
    experts expert search perceptron autoencoder auto-encoder paradigm
    policy patching rephrasing dropout pooling convolution
""".split()
)
# Heads of a long form that name a way of training or using a model, never a model.
PROCEDURE_HEADS = frozenset(
    """
    tuning training learning prompting distillation optimization optimisation alignment
    decoding sampling regularization pruning quantization augmentation initialization
    normalization merging attack attacks defense defence
""".split()
)
# Words that make an abbreviation's long form a technique when the paper does not say it
# introduces it: "Stage-wise Weight Sharing (SWS)", "discrete wavelet transform (DWT)". A
# long form without one names a field, a device, a condition or a thing of another
# discipline ("Virtual Reality (VR)", "optical coherence tomography (OCT)", "basal cell
# carcinoma (BCC)"), which papers of every field define just as often. A word ending in one
# of the longer ones counts too ("HyperNetworks", "Omniview-Tuning").
TECHNIQUE_WORDS = (
    METHOD_HEADS
    | PROCEDURE_HEADS
    | frozenset(
        """
    neural deep convolutional recurrent adversarial generative contrastive diffusion
    variational stochastic gradient gradients bayesian markov gaussian boosting boosted
    forest forests regression kernel kernels vector machine machines tree trees clustering
    classifier classifiers supervised unsupervised reinforcement feature features
    weight weights sparse sparsity mixture token tokens memory residual encoder
    encoders decoder decoders differentiation propagation backpropagation transform
    wavelet perceptrons attentive autoregressive programming annealing dropout bagging
    ensemble ensembling boltzmann hashing quantized pruned distilled prompted instruction
    preference reward rewards lstm rnn cnn gan gans pursuit bayes linear activation
    coding minimization minimisation maximization maximisation random block blocks module
    modules grouping
""".split()
    )
)
# Heads of a long form that name a model ("Pathways Language Model (PaLM)") or, in the
# plural, a kind of model ("Large Language Models (LLMs)").
MODEL_LONG_HEADS = frozenset("model models lm lms llm llms".split())

_LONG_SUFFIXES = tuple(sorted(w for w in TECHNIQUE_WORDS if len(w) >= 6))
_LOWER_WORDS = re.compile(r"[a-z]+")
# A coined name spelled as one hyphenated phrase: "Set-of-Mark", "Less-is-Better".
_COINED_PHRASE = re.compile(r"^[A-Z][A-Za-z]*(?:-[A-Za-z]+){2,}$")


def names_technique(long_form: str) -> bool:
    """Does an abbreviation's long form name a technique, by its words or its shape?

    "Stage-wise Weight Sharing", "discrete wavelet transform", "Graph HyperNetworks" and
    the coined "Set-of-Mark" do; "Virtual Reality", "optical coherence tomography" and
    "management accounting" do not (TECHNIQUE_WORDS says why).
    """
    for word in _LOWER_WORDS.findall(long_form.lower()):
        # "evolutionary algorithms", "Graph HyperNetworks": a plural counts as its singular.
        for form in (word, word[:-1]) if word.endswith("s") and len(word) > 4 else (word,):
            if form in TECHNIQUE_WORDS or form.endswith(_LONG_SUFFIXES):
                return True
    return any(_COINED_PHRASE.match(token) for token in long_form.split())


HEAD_TYPES: dict[str, EntityType] = {
    **{w: T for w in METHOD_HEADS},
    **_with_role("head"),
}
"""Every noun that says what the name it describes is."""

# Words that end the noun phrase describing a name ("a model *for* ...").
LINKING_WORDS = frozenset("of to the and for in with on a an &".split())
"""Small words inside a spelled-out name ("Mixture of Experts", "Pretrain, Prompt and Predict")."""
STOP_SCAN = frozenset("that which who to for of with on in by from using via and or".split())

# -- never entities --------------------------------------------------------------------------

# Field words, settings and umbrella terms (GUIDELINES rule 2), tasks and other
# non-entities (rule 3): never an entity, whatever rule proposes them. Single words
# here; phrases (matched with their plural) below.
_GENERIC_WORDS = """
pretraining finetuning LLM LLMs LM LMs PLM PLMs DL
PTM PTMs NLP NLU NLG AI AGI RL CV VLM VLMs MLLM MLLMs LMM LMMs DNN DNNs VLP QA VQA
MT NER ASR IR SOTA GPU GPUs CPU TPU API APIs URL LaTeX PDF JSON SQL HTML CSV
GitHub arXiv OpenAI Google Meta Microsoft DeepMind Anthropic English Chinese AST CL KG KGs
FLOPs FLOP BLEU ROUGE F1 mIoU RAM CUDA HPC I/O IO open-source
abstract active analysis answering art artificial captioning catastrophic classification code
computer continual deep detection entity federated few-shot forgetting foundation generation
generative graph graphs image imitation information intelligence in-weights knowledge language
large machine model models multimodal multitask named natural network networks neural object of
open preference pretrained processing question recognition reinforcement representation
retrieval segmentation self-supervised semantic semi-supervised sentiment source speech state
supervised syntax text the transfer translation tree understanding unsupervised vision
vision-language visual zero-shot
"""
_GENERIC_PHRASES = """
pre-training|fine-tuning|training|learning|prompting|summarization
deep learning|machine learning|neural network|deep neural network|language model
large language model|foundation model|natural language processing
natural language understanding|natural language generation|transfer learning
self-supervised learning|representation learning|generative model|few-shot learning
zero-shot learning|continual learning|multi-task learning|multitask learning|meta-learning
meta learning|federated learning|active learning|imitation learning|preference learning
reinforcement learning|supervised learning|unsupervised learning|semi-supervised learning
computer vision|vision-language model|multimodal large language model|large multimodal model
pre-trained language model|pretrained language model|pre-trained model|pretrained model
vision-language pre-training|question answering|visual question answering|machine translation
code generation|named entity recognition|sentiment analysis|text classification
image classification|object detection|semantic segmentation|image captioning
speech recognition|information retrieval|state of the art|artificial intelligence
abstract syntax tree|catastrophic forgetting|knowledge graph|open source
large vision-language model|small language model|masked language model|multimodal model
generative AI|generative artificial intelligence|explainable AI|explainable artificial intelligence
diffusion model|embedding model|text-to-image model|code language model|code model|chat model
reward model|teacher model|student model|base model|language modeling|instruction following
in-weights learning|data selection
deep reinforcement learning|multi-agent reinforcement learning|offline reinforcement learning
online reinforcement learning|deep RL|multi-agent RL|offline RL|lifelong learning|online learning
incremental learning|class-incremental learning|domain adaptation|unsupervised domain adaptation
domain generalization|domain generalisation|vision llm|video llm|multimodal llm|code llm
speech llm|audio llm|medical llm|vision-language-action model|VLA|VLAs
"""


def _generic_keys() -> frozenset[str]:
    keys = {name_key(word) for word in _GENERIC_WORDS.split()}
    for line in _GENERIC_PHRASES.strip().splitlines():
        for phrase in line.split("|"):
            keys.add(name_key(phrase))
            keys.add(name_key(phrase + "s"))
    return frozenset(keys)


GENERIC_KEYS = _generic_keys()


def is_generic(name: str) -> bool:
    """Is ``name`` a field, umbrella term or task (singular or plural), never an entity?"""
    key = name_key(name)
    return key in GENERIC_KEYS or singular_key(key) in GENERIC_KEYS


# Tokens shaped like names that are not entities: units, hardware, metrics, formats,
# organisations, languages, roman numerals and sizes on their own.
NOT_NAMES = (
    frozenset(
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
    Keras Theano Weka WEKA scikit-learn Scikit-learn sklearn IF-THEN If-Then if-then
    PaddlePaddle DeepSpeed Megatron-LM OpenAI DeepMind arXiv iOS macOS Python Java
    JavaScript C++ C# ChatGPT-like 2D 3D 4D 1D 6D 1B 3B 7B 8B 13B 30B 65B 70B 175B B2B
    N-gram n-gram N-grams n-grams 1-D 2-D 3-D 4-D AIs NN NNs ANN ANNs
""".split()
    )
    | frozenset(
        # Fields, devices, signals and imaging modalities that ML papers of every field
        # abbreviate: what a model is applied to, not an entity.
        """
    IT ICT VR AR XR MR EEG ECG EMG fMRI MRI CT PET-CT UAV UAVs AV AVs ADAS 5G 6G IIoT HRI
    RFID GPS LiDAR LIDAR SAR EHR EHRs GenAI XAI M2M P2P D2D V2V V2X V2I B2C C2C
    SVG PNG JPEG XML YAML GUI GUIs UI UIs UX CLI IDE IDEs
    FORTRAN Fortran MATLAB Matlab Julia Scala Haskell Kotlin Perl ODE ODEs PDE PDEs SDE SDEs
""".split()
    )
    | frozenset(
        # Venues, with a year after them, look like dataset editions (NeurIPS 2023).
        """
    NeurIPS NIPS ICML ICLR CVPR ICCV ECCV ACL EMNLP NAACL EACL AACL COLING AAAI IJCAI KDD
    SIGIR SIGKDD WWW WSDM CIKM RecSys ICASSP INTERSPEECH AISTATS UAI COLT MICCAI WACV BMVC
    ICRA IROS CoRL RSS TACL JMLR TPAMI IJCV LREC
""".split()
    )
    | frozenset(
        # Metrics and measures (GUIDELINES rule 3): image and text quality scores, speed,
        # latency, divergences, error rates.
        """
    FID KID IS PSNR SSIM LPIPS FVD MS-SSIM CLIPScore BERTScore BLEURT COMET chrF chrF++
    TER WER CER EER MOS SI-SDR SDR PESQ STOI FPS TPS TTFT TPOT ITL QPS RPS KL JSD NLL BPC
    BPB ECE AUROC AUPRC TPR FPR FNR mAP50 mAP@50 AP50 AP75 IoU GIoU R@1 R@5 R@10 Hits@1
    Hits@10 NDCG@10 MRR@10 Recall@1 Recall@5 Recall@10 SacreBLEU
""".split()
    )
    | frozenset(
        # Hardware and units.
        """
    A10 A10G A30 A40 A6000 L4 L40 L40S T4 P100 K80 H200 B200 GB200 MI250 MI300 MI300X
    TPUv2 TPUv3 TPUv4 TPUv5 v3-8 v4-8 RTX3090 RTX4090 RTX2080 GTX1080 Jetson
    GFLOPs GFLOP MFLOPs TOPS kWh MWh Wh kHz MHz dB
""".split()
    )
    | frozenset(
        # Organisations.
        """
    IBM MIT CMU UCL UCLA NYU ETH EPFL KAIST NTU NUS HKU HKUST CUHK SJTU USTC THU PKU
    OpenAI's NVIDIA's AWS GCP AMD ARM Intel Nvidia HuggingFace's DARPA IARPA NSF NIH NASA
""".split()
    )
)

LANGUAGES = frozenset(
    # GUIDELINES rule 3: a language on its own is no entity ("transfer models to four
    # languages (French, ...)"); a model named for one is ("Arabic BERT", "Chinese-Llama2").
    """
    English Chinese French German Spanish Italian Portuguese Russian Japanese Korean Arabic
    Hindi Bengali Urdu Turkish Vietnamese Thai Indonesian Malay Swahili Yoruba Hausa Igbo
    Amharic Zulu Xhosa Persian Farsi Hebrew Greek Polish Czech Dutch Swedish Norwegian
    Danish Finnish Hungarian Romanian Bulgarian Ukrainian Serbian Croatian Slovak Slovenian
    Lithuanian Latvian Estonian Tamil Telugu Kannada Malayalam Marathi Gujarati Punjabi
    Nepali Sinhala Burmese Khmer Lao Tagalog Filipino Cantonese Mandarin Basque Catalan
    Galician Welsh Irish Icelandic Albanian Armenian Georgian Azerbaijani Kazakh Uzbek
    Mongolian Tibetan Luganda Kinyarwanda Somali Afrikaans Javanese Sundanese Quechua
""".split()
)

# Capitalised words that are not part of a name before a type noun: sentence openers,
# determiners and the adjectives that describe data ("Existing datasets", "a New
# Benchmark" in a title). A name of such words alone is never proposed.
NOT_NAME_WORDS = frozenset(
    """
    a an the this that these those our their its his her my your we they it our some any
    all both each every many most several various multiple other others such same own
    new novel large small big huge public private open synthetic real standard popular
    common existing original previous prior recent modern classic classical traditional
    conventional widely used well known well-known benchmark benchmarks dataset datasets
    in on of for from with without to by at as and or but nor not no yes however
    moreover furthermore additionally also then thus hence therefore finally first
    second third last next further unlike like compared using based via through across
    among between within while when where which whose who what how why if although though
    evaluation evaluations experiments experiment results result table figure section
    appendix training test testing validation dev development held-out downstream
    multilingual monolingual cross-lingual multimodal visual textual custom proprietary
    internal in-house curated annotated labeled labelled unlabeled unlabelled raw clean
    noisy diverse challenging comprehensive extensive large-scale small-scale high-quality
    low-resource domain-specific general specific vanilla plain naive baseline strong weak
    recently specifically notably importantly interestingly overall here there given since
    because after before during despite instead rather only even just still yet meanwhile
    simple efficient effective improved enhanced modified extended adapted different
    similar related corresponding respective individual single one two three four five
    six seven eight nine ten current base web can could do does did will would should
    shall may might must is are was were be been pretrain pre-train finetune fine-tune
    keywords keyword terms introduction conclusion conclusions background abstract overview
    implementation motivation summary discussion unified generic modular layered integrated
""".split()
)

# Abbreviation-like words in parentheses that are not abbreviations.
NOT_ABBREVIATIONS = frozenset({"ie", "eg", "etc", "cf", "et al", "resp", "see"})

# -- parts of a name ---------------------------------------------------------------------------

# Words after a hyphen that modify a name without making a new one (``BERT-based``).
MODIFIER_SUFFIXES = frozenset(
    """
    based like style tuned only free specific level aware driven guided enhanced
    augmented generated powered derived inspired sized scale wise type family series
    variant variants pretrained trained finetuned fine tuned equipped initialized init
    layer layers model models encoder decoder architecture architectures backbone
    backbones baseline baselines paper papers score scores loss results output outputs
    embeddings embedding evaluation evaluated judged assisted annotated discovered searched
    optimized optimised selected learned enabled curated filtered
    labeled labelled centric parameter parameters task tasks
""".split()
)
# Prefixes glued with a hyphen that do not make a new name (``pre-BERT``, ``non-LoRA``).
NOT_NAME_PREFIXES = frozenset({"pre", "non", "post", "multi", "sub", "re", "self", "cross"})
# Words after a known name that make a version or variant of it (``BERT-large``,
# ``Foo-Instruct``), matched case-sensitively beside numbers and short capitals.
VERSION_WORDS = frozenset(
    """
    base large small tiny mini medium xl xxl huge giant chat instruct mono multi
    Base Large Small Tiny Mini Medium XL XXL Huge Giant Chat Instruct Mono Multi
    Turbo turbo Pro pro Ultra Plus plus Lite lite Nano Code Math Vision Legal Pretrain
    Doctor SFT DPO RM Preview preview Flash flash Omni omni it hf HF
""".split()
)
# Version tails dropped to find the family a new version belongs to (``llama3181b``).
VERSION_TAIL_WORDS = "base large small tiny mini medium xl xxl chat instruct it hf sft".split()

# Endings of a coined name that say its type when nothing else does ("FooBench",
# "Foo-Eval": an evaluation suite; "FooLM", "Foo-Chat": a trained model).
NAME_ENDINGS: dict[str, EntityType] = {
    **{e: B for e in ("bench", "arena", "leaderboard")},
    **{e: D for e in ("corpus", "dataset")},
    **{e: M for e in ("lm", "llm", "gpt", "bert", "chat", "coder", "instruct", "vlm")},
}

# -- titles ------------------------------------------------------------------------------------

# First words of a title's ``X: subtitle`` that show X is not a name.
TITLE_LEAD_WORDS = frozenset(
    "beyond towards toward on in for from when why how what is are do does can rethinking "
    "revisiting a an the".split()
)
# Title heads before a colon that are kinds of paper, not names.
TITLE_NOT_NAMES = frozenset(
    """
    survey review position tutorial overview introduction perspective perspectives
    opinion commentary note report abstract editorial erratum corrigendum preface foreword
    keynote viewpoint comment comments letter reply response rejoinder retrospective
    interview essay
""".split()
)

# Makers whose name some lexicon aliases carry ("OpenAI GPT", "Google Bard"): not part of
# the name of another version ("OpenAI GPT-3" names GPT-3).
ORGANISATIONS = frozenset(
    "OpenAI Google Meta Microsoft DeepMind Anthropic Facebook NVIDIA Nvidia Baidu Alibaba "
    "Tencent Huawei IBM Amazon Apple Salesforce".split()
)

# Nouns for people: "a professor named X" names a person.
PERSON_NOUNS = frozenset(
    """
    professor scientist researcher author artist philosopher psychologist man woman person
    boy girl doctor engineer mathematician student teacher patient user character
""".split()
)

# -- lexicon matching and families -------------------------------------------------------------

# Names that are also ordinary words: only a capitalised spelling is the entity.
COMMON_WORDS = frozenset(
    """
    retro alpaca arc bird chinchilla dolly falcon flamingo gemini gopher koala llama math orca
    phoenix pile sparrow spider stack vicuna zephyr mistral claude bard atlas pathways
    jurassic instruct chat lion eagle olmo guanaco wizard
""".split()
)
# Model families that coin new names when part of one (``CySecBERT``), besides the
# lexicon's own model and method names with inner capitals.
FAMILY_SEEDS = ("BERT", "GPT", "LLaMA", "Llama", "T5", "BART", "CLIP", "ViT", "LLaVA")
# Models whose name a paper builds on mostly for a technique that adapts or uses them, not
# a new model: "AnomalyCLIP", "VeCLIP", "GraphCLIP" are ways of training or prompting CLIP.
TECHNIQUE_FAMILIES = frozenset({"CLIP"})

# Where URLs start: names inside them (``github.com/org/FooNet``) are not mentions.
URL_STARTS = ("http://", "https://", "www.", ".com/", ".org/", ".io/", ".ai/", ".net/")

# Words that start the rules (found in the lexicon automaton's pass; padded form: label).
INTRO_SUBJECTS = ("we", "paper", "work", "study")
# Verbs after which a paper names what it introduces ("we propose NAME").
INTRO_VERBS = (
    "propose introduce present develop release build construct design create curate name "
    "call dub term open-source contribute describe train pretrain pre-train"
).split()
NAMING_WORDS = (
    "called",
    "named",
    "dubbed",
    "termed",
    "coined",
    "namely",
    "denoted",
    "referred",
    "known",
)
