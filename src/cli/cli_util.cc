#include "cli/cli_util.h"

namespace sovet::cli {

CLI::Option* AddDbOption(CLI::App* sub, std::string& db, const std::string& help) {
  return sub->add_option("--db", db, help)->capture_default_str();
}

}  // namespace sovet::cli
