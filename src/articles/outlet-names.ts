/** Known outlets by registered domain; subdomains (www., edition., amp.) match their parent. */
const OUTLETS: Record<string, string> = {
  "themoscowtimes.com": "The Moscow Times",
  "reuters.com": "Reuters",
  "trtworld.com": "TRT World",
  "apnews.com": "Associated Press",
  "bbc.co.uk": "BBC",
  "bbc.com": "BBC",
  "theguardian.com": "The Guardian",
  "nytimes.com": "The New York Times",
  "aljazeera.com": "Al Jazeera",
  "washingtonpost.com": "The Washington Post",
  "wsj.com": "The Wall Street Journal",
  "ft.com": "Financial Times",
  "bloomberg.com": "Bloomberg",
  "economist.com": "The Economist",
  "cnn.com": "CNN",
  "npr.org": "NPR",
  "politico.com": "Politico",
  "politico.eu": "Politico Europe",
  "axios.com": "Axios",
  "dw.com": "DW",
  "france24.com": "France 24",
  "euronews.com": "Euronews",
  "afp.com": "AFP",
  "tass.com": "TASS",
  "rferl.org": "RFE/RL",
  "meduza.io": "Meduza",
  "kyivindependent.com": "The Kyiv Independent",
  "aa.com.tr": "Anadolu Agency",
  "timesofisrael.com": "The Times of Israel",
  "haaretz.com": "Haaretz",
  "independent.co.uk": "The Independent",
  "telegraph.co.uk": "The Telegraph",
  "scmp.com": "South China Morning Post",
  "foxnews.com": "Fox News",
  "nbcnews.com": "NBC News",
  "cbsnews.com": "CBS News",
  "abcnews.go.com": "ABC News",
};

/** The outlet a url belongs to, from the table of known outlets; null when unknown or not a url. */
export function outletFromUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
  for (let domain = host; domain.includes("."); domain = domain.slice(domain.indexOf(".") + 1)) {
    const outlet = OUTLETS[domain];
    if (outlet) return outlet;
  }
  return null;
}
