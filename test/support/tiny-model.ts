import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import onnxProto from "onnx-proto";
import { hashSeed, randomUnitVector, seededRandom } from "../../bench/random";

// CommonJS without exports Node can detect by name: only the default import works outside vitest (e.g. under tsx).
const { onnx } = onnxProto;

export interface TinyModelOptions {
  /** Folder name under rootDir, as transformers.js resolves model ids against `localModelPath`. */
  modelId?: string;
  dimensions?: number;
  /** Extra text whose words join the vocabulary, so they do not all collapse onto [UNK]. */
  vocabulary?: string[];
}

export interface TinyModel {
  /** The folder to use as `EMBEDDING_MODEL_PATH` / `localModelPath`. */
  modelPath: string;
  modelId: string;
  dimensions: number;
}

const SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] as const;
const MAX_SEQUENCE_LENGTH = 512;

// Common English words plus news vocabulary. Inflections come from the "##" suffix pieces below, as in real BERT vocabularies.
const BUILT_IN_WORDS = `
the of and to in a is that for it as was with be by on not he i this are or his from at which but have an had they you
were their one all we can her has there been if more when will would who so no she other its may these about into than
them only some could time two what out then do first any my now such like our over man me even most made after also
did many before must through back years where much your way well down should because each just those people how too
little state good very make world still own see men work long get here between both life being under never day same
another know while last might us great old year off come since against go came right used take three states himself
few house use during without again place american around however home small found thought went say part once general
high upon school every does got united left number course war until always away something fact though water less
public put think almost hand enough far took head yet government system better set told nothing night end why called
eyes find going look asked later knew point next program city business give group toward young days let room president
side social given present several order national possible rather second face per among form often important things
looking early white case john become large big need four within felt along children saw best church ever least power
development light thing seemed family interest want members others mind country area done turned although open god
service certain kind problem began different door thus help sense means whole matter perhaps itself york times law
human line above name example action company hands local show whether five history gave today either act feet across
taken past quite anything seen having death week experience body word half really field am car words already
themselves information tell together college shall money period held keep sure probably free seems real behind cannot
miss political air question making office brought whose special major heard problems federal became study ago moment
available known result street economic boy position reason change south board individual job society areas west close
turn love community true court force full seem policy england wife future age voice center woman control common
necessary following front sometimes six girl clear further land run students provide feel party able mother music
education university child effect level stood military short town total outside rate art century washington north
value figure fire private late return support report decided english book series plan idea situation lost read cost
building teachers food sound nature pay increase story shown strong moved hope top black questions industry member
ground spirit conditions role price forces friends taking costs provided minutes evidence similar term dollars months
particular nor hours anyone added hear statement stand red production basis higher meeting likely data effort recent
feeling labor nearly bring met quality method patient market include includes included fall plans chance results
personal january february march april june july august september october november december monday tuesday wednesday
thursday friday saturday sunday morning evening afternoon tonight yesterday tomorrow weekend season spring summer
autumn winter hour minute daily weekly monthly annual decade zero seven eight nine ten eleven twelve twenty thirty
forty fifty hundred thousand million billion trillion percent quarter dozen news reported reports reporter reporters
journalist journalists editor editors newspaper magazine press media article articles headline headlines stories
broadcast television radio online website internet digital platform platforms interview interviews statements
announcement announced announces spokesperson spokesman spokeswoman source sources official officials according said
says confirmed denied claimed warned urged described revealed governments minister ministers ministry prime presidents
presidential vice cabinet parliament congress senate senator senators representative representatives lawmakers
lawmaker legislation legislative bill bills laws vote votes voted voting voters voter election elections electoral
campaign campaigns candidate candidates parties democrat democrats democratic republican republicans conservative
conservatives liberal liberals labour socialist opposition coalition majority minority leader leaders leadership mayor
governor governors council councils committee committees commission chairman chair secretary ambassador diplomat
diplomats diplomatic embassy treaty summit talks negotiations negotiators agreement agreements deal deals sanctions
policies reform reforms referendum constitution constitutional regime administration regional municipal international
foreign domestic courts judge judges justice supreme trial trials jury lawyer lawyers attorney prosecutor prosecutors
prosecution defendant defendants verdict sentence sentenced guilty innocent appeal appeals ruling ruled lawsuit
lawsuits charges charged accused arrest arrested arrests police officer officers investigation investigators
investigate investigating crime crimes criminal murder killed killing killings shooting shot gun guns weapon weapons
violence violent victim victims suspect suspects fraud corruption bribery theft robbery prison jail detained detention
custody wars army navy troops soldiers soldier defense defence security attack attacks attacked strike strikes missile
missiles drone drones bomb bombing bombs explosion ceasefire conflict conflicts fighting battle invasion occupation
rebels militants terrorist terrorism insurgents hostages refugees refugee humanitarian aid peace border borders
territory nuclear economy economies economist economists markets stock stocks shares share investors investor
investment investments bank banks banking central inflation rates recession growth gdp unemployment jobs employment
workers worker wages wage salary salaries prices budget deficit debt tax taxes tariff tariffs trade exports imports
export import currency dollar euro euros pound pounds yen yuan oil gas energy fuel revenue revenues profit profits
loss losses earnings sales quarterly fiscal companies firm firms corporation businesses industries sector startup
startups merger acquisition acquired bankruptcy chief executive ceo founder shareholders consumer consumers retail
retailer retailers supply chain manufacturing factory factories output demand housing mortgage rent technology tech
software hardware computer computers artificial intelligence ai privacy cyber cyberattack hack hackers hacked app apps
smartphone phone phones chip chips semiconductor semiconductors network networks cloud google apple microsoft amazon
meta facebook twitter tesla robot robots algorithm research researchers scientist scientists science scientific
studies universities professor laboratory discovery experiment space nasa rocket launch satellite satellites moon mars
planet orbit astronauts telescope health healthcare hospital hospitals doctor doctors nurse nurses patients medical
medicine medicines drug drugs vaccine vaccines vaccination virus viruses pandemic epidemic outbreak disease diseases
infection infections cancer treatment treatments care deaths died dies cases symptoms mental surgery climate warming
global emissions carbon greenhouse environment environmental pollution renewable solar wind coal electricity grid
weather storm storms hurricane hurricanes flood floods flooding rain rainfall snow heat heatwave drought wildfire
wildfires fires earthquake earthquakes tsunami disaster disasters temperature temperatures ocean oceans sea seas river
rivers forest forests wildlife species animals farmers farming agriculture crops schools student teacher pupils
classroom exam exams degree parents families women girls boys youth population citizens residents communities cities
towns village villages capital countries nation nations region regions province provinces district rural urban sport
sports football soccer basketball baseball tennis golf cricket rugby olympic olympics olympian championship
championships tournament league cup final finals match matches game games team teams player players coach coaches club
clubs goal goals score scored win won wins winning lose defeat victory champion champions record medal medals race
races stadium fans culture film films movie movies album song songs singer band concert festival artist artists museum
books author novel theatre shows star stars actor actress award awards prize celebrity fashion transport travel
airline airlines airport airports flight flights plane planes aircraft train trains railway rail road roads cars
vehicle vehicles electric traffic crash accident ship ships shipping port bridge tunnel europe european union africa
african asia asian america americans china chinese india indian japan japanese russia russian ukraine ukrainian
germany german france french britain british uk scotland wales ireland irish italy italian spain spanish canada
canadian australia australian mexico brazil israel israeli palestinian gaza iran iranian iraq syria turkey egypt saudi
arabia korea korean nato un london paris berlin moscow beijing tokyo brussels increased increases rise rose rising
fell falling drop dropped decline declined surge surged jump jumped cut cuts cutting boost grow grew growing expand
expanded reduce reduced planned expect expected expects forecast forecasts estimate estimated announce launched opened
closed ban banned approve approved reject rejected supported oppose opposed protest protests protesters demonstrators
rally resign resigned resignation appoint appointed elected elect new minor low lower key main latest former current
previous significant serious critical urgent severe weak rapid slow sharp cent average numbers levels figures amount
doing yes whom him hers theirs ours yours mine onto below up beyond near accept access account achieve acquire address
adjust admit adopt advance advantage advice advise affair affect afford afraid agency agenda agent agree ahead aim
alarm alert alive allow ally alone alternative amid analysis analyst analysts ancient anger angry animal answer
anniversary anxiety apart apartment apparent appear application apply approach appropriate argue argument arm arms
arrange arrival arrive aspect assault assess asset assets assist assistance assume attempt attend attention attitude
attract audience authority authorities avoid aware awareness baby background bad balance ball bar barely base bear
beat beautiful bed begin beginning behavior belief believe benefit benefits bid bird birth bit bitter blame blood blow
blue boat bone bottom brain branch brand brave bread break breakthrough brief bright broad brother brown build built
burden burn bus buy call calm camera camp campus cancel capacity captain capture card career careful carry cash cast
catch cause caution celebrate cell challenge challenges channel chapter character charge charity cheap check chemical
chicken choice choose circle citizen civil civilian civilians claim class classic clean climb clinic clock closely
clothes coast coastal code cold collapse collect collection colour color column combat combine comfort command comment
comments commercial commit commitment communication compare comparison compete competition complain complaint complete
complex concern concerns concerned conclude conclusion condition conduct conference confidence confident confirm
confront connect connection consequence consider considerable consist constant construction consult contact contain
content contest context continue contract contrast contribute controversial controversy convention conversation
convince cook cool cooperation cope copy core corner correct count counter county couple courage cover coverage crack
create creation credit crew crisis criteria critic critics criticism criticise criticize cross crowd crowds crucial
cry cultural currently customer customers cycle damage damaged dance danger dangerous dark date daughter dead deadline
deadly dear debate decide decision decisions declare deep defend define delay deliver delivery democracy demonstrate
deny department depend deploy deployed deputy describe desert design desire despite destroy destroyed destruction
detail details detect determine develop device dialogue die diet difference difficult difficulty dinner direct
direction directly director dirty disagree disappear discover discuss discussion dismiss display dispute distance
distribute divide division document documents dog dominate double doubt draft drama dramatic draw dream dress drink
drive driver dry due dust duty eager earn earth ease east eastern easy eat edge edition effective efficient efforts
elderly element emergency emerge emotional emphasis employ employee employees employer enable encourage enemy engage
engine engineer engineers enjoy ensure enter entire entry equal equipment era error escape especially essential
establish estate ethnic evaluate event events eventually everybody everyone exact exactly examine excellent exchange
exciting exercise exist existing exit expansion expense expensive expert experts explain explore expose exposure
express extend extra extreme fail failed failure fair faith false fame famous fan fast fat father fault favour favor
fear feature fee feed female fight file fill finance financial fine finger finish fish fit fix flag flat flee fled
float floor flow fly focus fold follow foot forget forgive formal fortune forward foundation frame framework freedom
fresh friend friendly fruit fund funds funding funeral gain gap garden gate gather gay gender generation generous gift
glass gold golden grade grand grant grass grave green grey gray gross guard guess guest guide guidance habit hair hall
handle hang happen happy hard harm hate heart heavy height hell hero hide highlight hill hire historic hit hold hole
holiday holy honest honour honor horse host hot hotel huge humans hundreds hunger hunt hurt husband ice identify
identity ignore ill illegal image imagine immediate immediately immigrant immigrants immigration impact implement
imply impose impossible improve improvement incident income independent independence index indicate indigenous
influence inform initial initiative injured injury inside insist inspect install instance instead institute
institution institutions insurance intend intended intense intention internal invest invite involve involved island
issue issues item joint joke journey joy judgment junior kid kids kill kitchen knee knowledge label lack lady lake
landmark language largely laugh lawn lay layer lead leak lean learn leave legacy legal legend lend length lesson
letter liberty license lie lift limit limited link list listen literature live lives living loan location lock loose
lord loud lovely loyal luck lunch machine magic mail maintain male manage management manager managers manner map mark
marriage married mass massive master material meal meaning measure measures meat mechanism medium meet memory mention
menu mere message metal middle mile miles milk minimum mission mistake mix mixed mobile mode model modern moderate
modest moral mostly motor mountain mouth move movement muscle mystery narrow native natural naturally neck negative
neighbour neighbor neighbourhood neither nerve nervous net neutral nice noise normal normally note notice notion
numerous object objective observe obtain obvious occasion occupy occur odd offer offense offensive operate operation
operations opinion opportunity opposite option orange ordinary organisation organization organise organize origin
original otherwise outcome overall overcome owe owner owners pace pack package page pain paint pair palace panel panic
paper parent partly partner partners pass passenger passengers passion path pattern peak penalty pension perfect
perform performance permanent permit person personality perspective phase photo photograph physical pick picture piece
pilot pitch plain plant plastic plate play pleasure plenty pocket poem poet poll polls pool poor pop popular portrait
pose positive possibility post pot potential poverty practical practice praise pray prayer predict prefer pregnant
premier prepare presence preserve pressure pretty prevent primary principle principles print priority prisoner
prisoners procedure proceed process produce producer product products profession professional profile progress project
projects promise promote proof proper property proposal propose proposed prospect protect protection protein proud
prove provision psychological pull punch purchase pure purpose push qualify quick quiet quit quote racial radical
raise range rank rapidly rare rarely rating reach react reaction reader ready reality realise realize reasonable
recall receive recently recognise recognize recommend recover recovery recruit reduction refer reflect refuse regard
register regular regulation regulations regulator regulators relate relation relationship relative relatively release
relevant relief religion religious rely remain remaining remarkable remember remind remote remove repeat replace reply
request require requirement rescue reserve resident resist resistance resolution resolve resort resource resources
respect respond response responsibility responsible rest restaurant restore restrict restrictions retain retire
retirement reveal review revolution reward rich rid ride ring risk risks rival rock roll roof root rough round route
routine row royal rule rules rumour rumor rush sad safe safety sail salt sample satisfy save scale scandal scene
schedule scheme screen script search secret section secure seek seize select selection sell senior sensitive separate
sequence serve session settle settlement sex shadow shake shape shift shock shoot shop shopping shore shortage
shoulder shout sick sign signal signed silence silent silver simple simply sing single sister site sit size skill
skills skin sky sleep slip slowly smart smell smile smoke smooth soft soil solid solution solve somebody somewhat son
sort soul southern speak speaker speech speed spend spending spin split spot spread square stable staff stage stake
stance standard standards status stay steady steal steel step stick stone stop storage store straight strange strategy
stream strength stress stretch strict strongly structure struggle studio style subject submit succeed success
successful sudden suddenly suffer suffered sufficient suggest suit sum suppose surprise surprised surround survey
survive survivor survivors suspend sustain swim switch symbol sympathy table tackle tail tale talent talk tall target
task taste teach teaching tear technique teen teenager teenagers telephone tend tension tent terms terrible test
testing text thank theme theory therapy thick thin thinking threat threaten threatened throw ticket tie tight tiny tip
tired title tone tool tools tooth topic toss tough tour tourism tourist tourists toy track tradition traditional
tragedy trail training transfer transition translate transparency trap treat tree trend trick trip troop trouble truck
trust truth try tube twin type typical ugly ultimately unable uncle understand unemployed unexpected unfortunately
uniform unique unit unity universe unknown unless unlike unlikely unusual update upper upset urge usual usually
vacation valley valuable variety various vast version veteran veterans video view violation visible vision visit
visitor visitors vital volume volunteer volunteers vulnerable wait wake walk wall wander wave wealth wealthy wear
wedding weight welcome welfare western wet wheel whereas whatever wide widely wild willing wing winner winners wire
wise wish witness witnesses wonder wood wooden worried worry worse worst worth wound wounded wrap write writer writing
wrong yard yellow yield zone
`;

// WordPiece falls back to these pieces, so an unseen word still maps to its own letters rather than to [UNK].
const LETTERS = "abcdefghijklmnopqrstuvwxyz0123456789";
const PUNCTUATION = `.,;:!?'"()[]{}-_/\\&%$#@*+=<>|~\``;
const SUFFIXES = ["s", "es", "ed", "d", "ing", "er", "ers", "est", "ly", "ion", "ions", "ment", "ness", "al", "ity", "y"];

/** Lowercased words of a text, split the way BertPreTokenizer splits (whitespace and punctuation). */
function wordsOf(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

function buildVocabulary(extraTexts: string[]): string[] {
  const tokens = new Set<string>(SPECIAL_TOKENS);
  for (const char of PUNCTUATION) tokens.add(char);
  for (const char of LETTERS) {
    tokens.add(char);
    tokens.add(`##${char}`);
  }
  for (const suffix of SUFFIXES) tokens.add(`##${suffix}`);
  for (const word of wordsOf(BUILT_IN_WORDS)) tokens.add(word);
  for (const text of extraTexts) for (const word of wordsOf(text)) tokens.add(word);
  return [...tokens];
}

/** Special tokens are in every text, so they get short vectors: long ones would pull all sentence vectors together. */
const SPECIAL_TOKEN_SCALE = 0.1;

function embeddingTableBytes(vocabulary: string[], dimensions: number): Uint8Array {
  const specials = new Set<string>(SPECIAL_TOKENS);
  const bytes = new Uint8Array(vocabulary.length * dimensions * 4);
  const view = new DataView(bytes.buffer);
  vocabulary.forEach((token, row) => {
    const scale = specials.has(token) ? SPECIAL_TOKEN_SCALE : 1;
    // A random direction seeded by the token alone: word vectors nearly orthogonal, and a word's vector does not
    // depend on the rest of the vocabulary.
    randomUnitVector(seededRandom(hashSeed(token)), dimensions).forEach((value, column) => {
      // ONNX raw_data is little-endian regardless of the host.
      view.setFloat32((row * dimensions + column) * 4, value * scale, true);
    });
  });
  return bytes;
}

function tensorInfo(name: string, elemType: number, dims: Array<string | number>): onnxProto.onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((dim) => (typeof dim === "string" ? { dimParam: dim } : { dimValue: dim })) },
      },
    },
  };
}

/** A BERT-shaped graph whose only layer is the token-embedding lookup: last_hidden_state[b, s] = table[input_ids[b, s]]. */
function buildOnnxModel(vocabulary: string[], dimensions: number): Uint8Array {
  const { FLOAT, INT64 } = onnx.TensorProto.DataType;
  const model = onnx.ModelProto.create({
    irVersion: 7,
    opsetImport: [{ domain: "", version: 13 }],
    producerName: "newsdesk-test",
    graph: {
      name: "tiny-bert",
      input: [
        tensorInfo("input_ids", INT64, ["batch", "sequence"]),
        tensorInfo("attention_mask", INT64, ["batch", "sequence"]),
        tensorInfo("token_type_ids", INT64, ["batch", "sequence"]),
      ],
      output: [tensorInfo("last_hidden_state", FLOAT, ["batch", "sequence", dimensions])],
      initializer: [
        {
          name: "word_embeddings",
          dataType: FLOAT,
          dims: [vocabulary.length, dimensions],
          rawData: embeddingTableBytes(vocabulary, dimensions),
        },
      ],
      node: [
        {
          name: "embedding_lookup",
          opType: "Gather",
          input: ["word_embeddings", "input_ids"],
          output: ["last_hidden_state"],
          attribute: [{ name: "axis", type: onnx.AttributeProto.AttributeType.INT, i: 0 }],
        },
      ],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

function specialToken(content: string, id: number) {
  return { id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true };
}

/** The tokenizer.json layout of bert-base-uncased, which transformers.js parses as-is. */
function buildTokenizerJson(vocabulary: string[]) {
  const ids = Object.fromEntries(vocabulary.map((token, id) => [token, id]));
  const idOf = (token: string) => ids[token] as number;
  const templateToken = (token: string) => ({ SpecialToken: { id: token, type_id: 0 } });
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((token) => specialToken(token, idOf(token))),
    normalizer: {
      type: "BertNormalizer",
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: "BertPreTokenizer" },
    post_processor: {
      type: "TemplateProcessing",
      single: [templateToken("[CLS]"), { Sequence: { id: "A", type_id: 0 } }, templateToken("[SEP]")],
      pair: [
        templateToken("[CLS]"),
        { Sequence: { id: "A", type_id: 0 } },
        templateToken("[SEP]"),
        { Sequence: { id: "B", type_id: 1 } },
        { SpecialToken: { id: "[SEP]", type_id: 1 } },
      ],
      special_tokens: Object.fromEntries(
        ["[CLS]", "[SEP]"].map((token) => [token, { id: token, ids: [idOf(token)], tokens: [token] }]),
      ),
    },
    decoder: { type: "WordPiece", prefix: "##", cleanup: true },
    model: {
      type: "WordPiece",
      unk_token: "[UNK]",
      continuing_subword_prefix: "##",
      max_input_chars_per_word: 100,
      vocab: ids,
    },
  };
}

/**
 * Writes a tiny BERT-style feature-extraction model that transformers.js loads like any Hugging Face export.
 * Its sentence vectors are mean-pooled random word vectors, so texts sharing words land near each other.
 */
export async function createTinyModel(rootDir: string, options: TinyModelOptions = {}): Promise<TinyModel> {
  const modelId = options.modelId ?? "newsdesk-test/tiny-bert";
  const dimensions = options.dimensions ?? 32;
  const vocabulary = buildVocabulary(options.vocabulary ?? []);
  const modelDir = path.join(rootDir, modelId);
  await mkdir(path.join(modelDir, "onnx"), { recursive: true });

  const config = {
    model_type: "bert",
    architectures: ["BertModel"],
    hidden_size: dimensions,
    vocab_size: vocabulary.length,
    max_position_embeddings: MAX_SEQUENCE_LENGTH,
    num_hidden_layers: 0,
    num_attention_heads: 1,
    intermediate_size: dimensions,
    pad_token_id: 0,
    type_vocab_size: 2,
  };
  const tokenizerConfig = {
    tokenizer_class: "BertTokenizer",
    do_lower_case: true,
    model_max_length: MAX_SEQUENCE_LENGTH,
    clean_up_tokenization_spaces: true,
    unk_token: "[UNK]",
    pad_token: "[PAD]",
    cls_token: "[CLS]",
    sep_token: "[SEP]",
    mask_token: "[MASK]",
  };
  const onnxBytes = buildOnnxModel(vocabulary, dimensions);

  await Promise.all([
    writeFile(path.join(modelDir, "config.json"), JSON.stringify(config, null, 2)),
    writeFile(path.join(modelDir, "tokenizer.json"), JSON.stringify(buildTokenizerJson(vocabulary))),
    writeFile(path.join(modelDir, "tokenizer_config.json"), JSON.stringify(tokenizerConfig, null, 2)),
    writeFile(path.join(modelDir, "onnx", "model.onnx"), onnxBytes),
    writeFile(path.join(modelDir, "onnx", "model_quantized.onnx"), onnxBytes),
  ]);
  return { modelPath: rootDir, modelId, dimensions };
}
